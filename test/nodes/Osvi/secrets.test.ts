import type { INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../../sandbox/server';
import type { Fault, Sandbox } from '../../../sandbox/server';
import { osviNodeName, osviWorkflow, wrongTokenFor } from '../../harness/osviWorkflow';
import { runWorkflow } from '../../harness/runWorkflow';

const apiToken = 'dummyTk7pQ2vX9mL';
const webhookSecret = 'dummy-webhook-secret-5f3a9c1e';

let sandbox: Sandbox;
let agentId: string;

beforeAll(async () => {
	sandbox = await startSandbox({ token: apiToken, callCount: 30 });
	agentId = sandbox.snapshot().agents.find((agent) => !agent.archived)!.agent_id;
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

function credentials(token: string) {
	return { osviApi: { apiToken: token, baseUrl: `${sandbox.url}/`, webhookSecret } };
}

const initiate = (options: INodeParameters = {}, phoneNumber = '98765 43210'): INodeParameters => ({
	resource: 'call',
	operation: 'initiate',
	agentId: { __rl: true, mode: 'list', value: agentId },
	phoneNumber,
	countryCode: 'IN',
	additionalFields: { personName: 'Asha Rao' },
	options,
});

const list = (options: INodeParameters = {}): INodeParameters => ({
	resource: 'call',
	operation: 'list',
	returnAll: false,
	limit: 3,
	options,
});

interface Scenario {
	what: string;
	parameters: () => INodeParameters;
	fault?: Fault;
	token?: string;
	/** The error message that shows the scenario really happened; none for a success. */
	message?: string;
}

const scenarios: Scenario[] = [
	{ what: 'a placed call', parameters: () => initiate() },
	{ what: 'a listing', parameters: () => list() },
	{
		what: 'a 401 on placing a call',
		parameters: () => initiate(),
		token: wrongTokenFor(apiToken),
		message: 'OSVI did not accept the API token: Invalid or missing API-Token',
	},
	{
		what: 'a 401 on listing',
		parameters: () => list(),
		token: wrongTokenFor(apiToken),
		message: 'OSVI did not accept the API token: Invalid or missing API-Token',
	},
	{
		what: 'a 500 on placing a call',
		parameters: () => initiate(),
		fault: { method: 'POST', kind: 'status', status: 500 },
		message: 'OSVI had a problem answering: Sandbox fault: HTTP 500',
	},
	{
		what: 'a lasting 500 on listing',
		parameters: () => list({ maxRetries: 0 }),
		fault: { method: 'GET', kind: 'status', status: 500 },
		message: 'OSVI had a problem answering: Sandbox fault: HTTP 500',
	},
	{
		what: 'a dropped connection on placing a call',
		parameters: () => initiate(),
		fault: { method: 'POST', kind: 'drop' },
		message: 'The connection to OSVI failed: the call may have been placed',
	},
	{
		what: 'a lasting dropped connection on listing',
		parameters: () => list({ maxRetries: 0 }),
		fault: { method: 'GET', kind: 'drop' },
		message: 'The connection to OSVI failed',
	},
	{
		what: 'a timeout on listing',
		parameters: () => list({ maxRetries: 0, timeout: 50 }),
		fault: { method: 'GET', kind: 'delay', ms: 200 },
		message: 'OSVI did not answer in time',
	},
	{
		what: 'a validation error',
		parameters: () => initiate({}, '98765 4321O'),
		message:
			'Invalid Phone Number in item 0: The phone number contains "O". Use only digits, spaces, dashes, dots and brackets, with + or 00 before a country code, e.g. +91 98765 43210.',
	},
];

const cases = scenarios.flatMap((scenario) =>
	[false, true].map((continueOnFail) => ({
		...scenario,
		continueOnFail,
		mode: continueOnFail ? 'with continue-on-fail' : 'without continue-on-fail',
	})),
);

describe('secrets', () => {
	test.each(cases)(
		'neither the API token nor the webhook secret shows in the results of $what, $mode',
		async ({ parameters, fault, token = apiToken, message, continueOnFail }) => {
			if (fault) sandbox.addFault(fault);

			const { run, output, error } = await runWorkflow(
				osviWorkflow(parameters(), { continueOnFail }),
				credentials(token),
			);

			const items = output(osviNodeName);
			const nodeError = error(osviNodeName);
			if (!message) {
				expect(nodeError).toBeUndefined();
				expect(items.length).toBeGreaterThan(0);
			} else if (continueOnFail) {
				expect(nodeError).toBeUndefined();
				expect(items).toHaveLength(1);
				expect(items[0].json.error).toBe(message);
			} else {
				expect(items).toEqual([]);
				expect(nodeError?.message).toBe(message);
			}

			const shown = [
				JSON.stringify(items),
				nodeError?.message ?? '',
				nodeError?.description ?? '',
				JSON.stringify(nodeError ?? null),
				JSON.stringify(run.data.resultData),
			];
			for (const text of shown) {
				expect(text).not.toContain(token);
				expect(text).not.toContain(webhookSecret);
			}
		},
	);

	test('sends the API token only in the API-Token header and the webhook secret never to OSVI', async () => {
		await runWorkflow(osviWorkflow(initiate()), credentials(apiToken));
		await runWorkflow(osviWorkflow(list()), credentials(apiToken));

		const requests = sandbox.requests();
		expect(requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
			'POST /call',
			'GET /v1/calls',
		]);
		for (const request of requests) {
			const { ['api-token']: sentToken, ...otherHeaders } = request.headers;
			expect(sentToken).toBe(apiToken);
			const everythingElse = JSON.stringify({ ...request, headers: otherHeaders });
			expect(everythingElse).not.toContain(apiToken);
			expect(everythingElse).not.toContain(webhookSecret);
		}
	});
});
