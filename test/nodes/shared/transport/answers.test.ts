import type { INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../../../sandbox/server';
import type { Sandbox } from '../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../harness/osviWorkflow';
import { runWorkflow } from '../../../harness/runWorkflow';

// Redirects, answers that do not fit, and error bodies that echo the request (issue 8, defects 5, 6 and 10).
let sandbox: Sandbox;
let agentId: string;

const webhookSecret = 'dummy-webhook-secret-91ab';

beforeAll(async () => {
	sandbox = await startSandbox({ callCount: 20 });
	agentId = sandbox.snapshot().agents.find((agent) => !agent.archived)!.agent_id;
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

function initiate(): INodeParameters {
	return {
		resource: 'call',
		operation: 'initiate',
		agentId: { __rl: true, mode: 'id', value: agentId },
		phoneNumber: '98765 43210',
		countryCode: 'IN',
		options: {},
	};
}

function list(): INodeParameters {
	return { resource: 'call', operation: 'list', returnAll: false, limit: 5, options: {} };
}

function credentials(baseUrl = `${sandbox.url}/`) {
	return { osviApi: { ...sandboxCredentials(sandbox).osviApi, baseUrl, webhookSecret } };
}

async function run(parameters: INodeParameters, baseUrl?: string) {
	return await runWorkflow(osviWorkflow(parameters), credentials(baseUrl));
}

const callMayHaveBeenPlaced =
	'The call may or may not have been placed. Check List calls for this phone number before running this item again, so that nobody is dialled twice.';
const checkBaseUrl =
	'Check that the Base URL of the OSVI API credential points at the OSVI API (https://api.osvi.ai).';

describe('redirects', () => {
	const storageHost = () => new URL(sandbox.storageUrl).host;

	test.each([301, 302, 307, 308] as const)(
		'a %i to POST /call is an error naming the target host, and nothing follows it',
		async (status) => {
			sandbox.addFault({ kind: 'redirect', method: 'POST', path: '/call', status });

			const { output, error } = await run(initiate());

			expect(output(osviNodeName)).toEqual([]);
			expect(error(osviNodeName)).toMatchObject({
				message: `OSVI answered with a redirect (${status}) to ${storageHost()}`,
				description: `${callMayHaveBeenPlaced} OSVI requests never follow redirects, so the API token goes nowhere but the Base URL. ${checkBaseUrl}`,
				httpCode: String(status),
			});
			expect(sandbox.requests().map(({ method, path }) => `${method} ${path}`)).toEqual([
				'POST /call',
			]);
			expect(sandbox.storageRequests()).toEqual([]);
		},
	);

	test('a 302 to a read is an error without the call warning, and the token goes nowhere else', async () => {
		sandbox.addFault({ kind: 'redirect', method: 'GET', path: '/v1/calls', status: 302 });

		const { error } = await run(list());

		expect(error(osviNodeName)).toMatchObject({
			message: `OSVI answered with a redirect (302) to ${storageHost()}`,
			description: `OSVI requests never follow redirects, so the API token goes nowhere but the Base URL. ${checkBaseUrl}`,
		});
		expect(sandbox.requests()).toHaveLength(1);
		expect(sandbox.storageRequests()).toEqual([]);
	});
});

describe('answers that do not fit', () => {
	test.each([
		[
			'{success:true} without data',
			{ body: { success: true } },
			'{"success":true}',
			'a "data" object',
		],
		['an array', { body: [] }, '[]', 'a "data" object'],
		['data as text', { set: { data: 'abc' } }, '{"success":true,"data":"abc"}', 'a "data" object'],
		[
			'data without call_id',
			{ set: { data: { id: 7 } } },
			'{"success":true,"data":{"id":7}}',
			'"call_id" in its data',
		],
	])(
		'POST /call answered with %s is an error that says the call may have been placed',
		async (_, change, shown, expected) => {
			sandbox.addFault({ kind: 'body', method: 'POST', path: '/call', ...change });

			const { output, error } = await run(initiate());

			expect(output(osviNodeName)).toEqual([]);
			expect(error(osviNodeName)).toMatchObject({
				message: `OSVI answered in an unexpected form (200): expected ${expected}, but it sent ${shown}`,
				description: `${callMayHaveBeenPlaced} ${checkBaseUrl}`,
			});
			expect(sandbox.requests()).toHaveLength(1);
		},
	);

	test('a list page without a data array is an error that says what OSVI sent', async () => {
		sandbox.addFault({ kind: 'body', method: 'GET', path: '/v1/calls', remove: ['data'] });

		const { error } = await run(list());

		const failure = error(osviNodeName);
		expect(failure?.message).toMatch(
			/^OSVI answered in an unexpected form \(200\): expected a page with a "data" array, but it sent \{"success":true,"meta":/,
		);
		expect(failure?.description).toBe(checkBaseUrl);
		expect(failure?.message).not.toMatch(/Cannot read properties/);
	});

	test.each([
		['a query', `?region=eu`],
		['a fragment', '#top'],
	])('a Base URL with %s is rejected before any request', async (_, suffix) => {
		const { error } = await run(initiate(), `${sandbox.url}/${suffix}`);

		expect(error(osviNodeName)).toMatchObject({
			message:
				'The Base URL of the OSVI API credential must not contain a query (?) or a fragment (#)',
		});
		expect(sandbox.requests()).toEqual([]);
	});
});

describe('error bodies that echo the request', () => {
	test.each([
		['POST /call', initiate, 'POST'],
		['GET /v1/calls', list, 'GET'],
	])(
		'%s: neither the API token nor the webhook secret reaches the message, description or stored error',
		async (_, parameters, method) => {
			sandbox.addFault({ kind: 'echoHeaders', method, status: 400 });

			const { run: execution, error } = await run(parameters());

			const failure = error(osviNodeName);
			expect(failure?.message).toMatch(/^OSVI rejected the request: /);
			expect(failure?.message).toContain('[redacted]');
			expect(failure?.message.length).toBeLessThanOrEqual(
				'OSVI rejected the request: '.length + 301,
			);
			const stored = JSON.stringify(execution);
			expect(stored).not.toContain(sandbox.token);
			expect(stored).not.toContain(webhookSecret);
		},
	);
});
