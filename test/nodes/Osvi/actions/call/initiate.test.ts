import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import {
	osviNodeName,
	osviWorkflow,
	sandboxCredentials,
	wrongTokenFor,
} from '../../../../harness/osviWorkflow';
import { runWorkflow } from '../../../../harness/runWorkflow';

let sandbox: Sandbox;
let agentId: string;

beforeAll(async () => {
	sandbox = await startSandbox();
	agentId = sandbox.snapshot().agents.find((agent) => !agent.archived)!.agent_id;
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

function initiateParameters(extra: Record<string, unknown> = {}) {
	return {
		resource: 'call',
		operation: 'initiate',
		agentId: { __rl: true, mode: 'list', value: agentId },
		phoneNumber: '={{ $json.phone }}',
		countryCode: 'IN',
		...extra,
	};
}

const rows = [
	{ phone: '98765 43210', name: 'Asha Rao', plan: 'Premium Plan' },
	{ phone: '+1 415 555 0100', name: 'John Doe', plan: 'Basic' },
	{ phone: '12ab', name: 'Typo Row', plan: 'Basic' },
];

describe('Call → Initiate', () => {
	test('places one call per valid row and turns the invalid row into an error item under continue-on-fail', async () => {
		const workflow = osviWorkflow(
			initiateParameters({
				additionalFields: {
					personName: '={{ $json.name }}',
					additionalData: '={{ JSON.stringify({ product_name: $json.plan }) }}',
				},
			}),
			{ items: rows, continueOnFail: true },
		);

		const { output } = await runWorkflow(workflow, sandboxCredentials(sandbox));

		const requests = sandbox.requests();
		expect(
			requests.map(({ method, path, query, body }) => ({ method, path, query, body })),
		).toEqual([
			{
				method: 'POST',
				path: '/call',
				query: {},
				body: {
					agent_uuid: agentId,
					phone_number: '9876543210',
					country_code: 'IN',
					person_name: 'Asha Rao',
					additional_data: { product_name: 'Premium Plan' },
				},
			},
			{
				method: 'POST',
				path: '/call',
				query: {},
				body: {
					agent_uuid: agentId,
					phone_number: '4155550100',
					country_code: 'US',
					person_name: 'John Doe',
					additional_data: { product_name: 'Basic' },
				},
			},
		]);
		for (const request of requests) {
			expect(request.headers['api-token']).toBe(sandbox.token);
			expect(request.headers['content-type']).toMatch(/^application\/json/);
		}

		const placedCallIds = sandbox
			.snapshot()
			.calls.filter((call) => call.agent_uuid === agentId && call.call_type === 'outbound')
			.slice(0, 2)
			.map((call) => call.call_id)
			.reverse();
		const items = output(osviNodeName);
		expect(items).toEqual([
			{
				json: { call_id: placedCallIds[0], phone_number: '9876543210', country_code: 'IN' },
				pairedItem: { item: 0 },
			},
			{
				json: { call_id: placedCallIds[1], phone_number: '4155550100', country_code: 'US' },
				pairedItem: { item: 1 },
			},
			{
				json: {
					error:
						'Invalid Phone Number in item 2: The phone number contains "a". Use only digits, spaces, dashes, dots and brackets, with + or 00 before a country code, e.g. +91 98765 43210.',
					description:
						'Nothing was sent to OSVI for item 2. Correct the Phone Number field and run the node again.',
				},
				pairedItem: { item: 2 },
			},
		]);
	});

	test('stops before calling anyone when one row is invalid and continue-on-fail is off', async () => {
		const { error, output } = await runWorkflow(
			osviWorkflow(initiateParameters(), { items: rows }),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.requests()).toEqual([]);
		expect(output(osviNodeName)).toEqual([]);
		expect(error(osviNodeName)?.message).toBe(
			'Invalid Phone Number in item 2: The phone number contains "a". Use only digits, spaces, dashes, dots and brackets, with + or 00 before a country code, e.g. +91 98765 43210.',
		);
	});

	test('sends only the three required fields when the optional ones are left empty', async () => {
		const { output } = await runWorkflow(
			osviWorkflow(
				initiateParameters({
					phoneNumber: '098765 43210',
					additionalFields: {
						personName: '  ',
						systemPrompt: '',
						webhookUrl: '',
						additionalData: '{}',
					},
				}),
			),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.requests().map((request) => request.body)).toEqual([
			{ agent_uuid: agentId, phone_number: '9876543210', country_code: 'IN' },
		]);
		expect(output(osviNodeName)).toHaveLength(1);
	});

	test('sends the system prompt and webhook URL exactly as given', async () => {
		await runWorkflow(
			osviWorkflow(
				initiateParameters({
					phoneNumber: '9876543210',
					agentId: { __rl: true, mode: 'id', value: agentId },
					additionalFields: {
						systemPrompt:
							'You are calling to confirm the appointment scheduled for tomorrow at 10 AM.',
						webhookUrl: 'https://example.com/osvi-webhook?secret=abc',
					},
				}),
			),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.requests().map((request) => request.body)).toEqual([
			{
				agent_uuid: agentId,
				phone_number: '9876543210',
				country_code: 'IN',
				system_prompt:
					'You are calling to confirm the appointment scheduled for tomorrow at 10 AM.',
				webhook_url: 'https://example.com/osvi-webhook?secret=abc',
			},
		]);
	});

	test('reports a wrong API token as a credential problem without revealing the token', async () => {
		const wrongToken = wrongTokenFor(sandbox.token);
		const { error } = await runWorkflow(
			osviWorkflow(initiateParameters({ phoneNumber: '9876543210' })),
			sandboxCredentials(sandbox, wrongToken),
		);

		expect(sandbox.requests()).toHaveLength(1);
		expect(sandbox.requests()[0].headers['api-token']).toBe(wrongToken);
		expect(error(osviNodeName)?.message).toBe(
			'OSVI did not accept the API token: Invalid or missing API-Token',
		);
		expect(error(osviNodeName)?.description).toBe(
			'Check the API Token of the OSVI API credential. You find it in the OSVI dashboard under Settings → API.',
		);
		expect(JSON.stringify(error(osviNodeName))).not.toContain(wrongToken);
	});

	test('shows OSVI’s own message when OSVI rejects the request with 422', async () => {
		sandbox.addFault({
			method: 'POST',
			path: '/call',
			kind: 'status',
			status: 422,
			body: { success: false, errors: ['phone_number is on the DND list'] },
		});

		const { error } = await runWorkflow(
			osviWorkflow(initiateParameters({ phoneNumber: '9876543210' })),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.requests()).toHaveLength(1);
		expect(error(osviNodeName)?.message).toBe(
			'OSVI rejected the request: phone_number is on the DND list',
		);
		expect(error(osviNodeName)?.description).toBe(
			'Check the field named in the message and correct its value.',
		);
	});

	test('refuses an agent of another account with OSVI’s 403 message', async () => {
		const { error } = await runWorkflow(
			osviWorkflow(
				initiateParameters({
					phoneNumber: '9876543210',
					agentId: { __rl: true, mode: 'id', value: 'agent_NotOnThisAccount' },
				}),
			),
			sandboxCredentials(sandbox),
		);

		expect(error(osviNodeName)?.message).toBe(
			'OSVI refused access: Agent does not belong to this account',
		);
	});
});

describe('Call → Initiate with Sign Webhook URL', () => {
	const secret = 'dummy-sign-secret-7c2e';
	const triggerUrl = 'https://n8n.example.com/webhook/abc/webhook?source=osvi';

	function signing(webhookUrl: string) {
		return osviWorkflow(
			initiateParameters({
				phoneNumber: '98765 43210',
				additionalFields: { webhookUrl },
				options: { signWebhookUrl: true },
			}),
		);
	}

	function withSecret(webhookSecret: string) {
		return { osviApi: { ...sandboxCredentials(sandbox).osviApi, webhookSecret } };
	}

	test('sends the Webhook URL with an expiring signature and never the secret', async () => {
		const before = Math.floor(Date.now() / 1000);

		const { output } = await runWorkflow(signing(triggerUrl), withSecret(secret));

		const [request] = sandbox.requests();
		const sent = new URL((request.body as { webhook_url: string }).webhook_url);
		expect(`${sent.origin}${sent.pathname}`).toBe('https://n8n.example.com/webhook/abc/webhook');
		expect([...sent.searchParams.keys()]).toEqual(['source', 'osvi_expires', 'osvi_signature']);
		const expires = Number(sent.searchParams.get('osvi_expires'));
		expect(expires).toBeGreaterThanOrEqual(before + 24 * 3600);
		expect(expires).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 24 * 3600);
		expect(sent.searchParams.get('osvi_signature')).toMatch(/^[0-9a-f]{64}$/);
		expect(request.rawBody).not.toContain(secret);
		expect(JSON.stringify(output(osviNodeName))).not.toContain(secret);
	});

	test.each([
		[
			'the credential has no Webhook Secret',
			triggerUrl,
			'',
			'Signing the webhook URL needs a Webhook Secret in the OSVI API credential',
		],
		[
			'the URL already carries the secret',
			`${triggerUrl}&secret=${secret}`,
			secret,
			'The webhook URL carries a secret query parameter: remove it, since a signed URL does not need it and OSVI would receive the secret',
		],
		[
			'there is no Webhook URL',
			'',
			secret,
			'is empty, so there is nothing to sign. Enter the Production URL of an OSVI Trigger, or turn Sign Webhook URL off.',
		],
	])('refuses before calling anyone when %s', async (_, webhookUrl, webhookSecret, reason) => {
		const { error } = await runWorkflow(signing(webhookUrl), withSecret(webhookSecret));

		expect(sandbox.requests()).toEqual([]);
		expect(error(osviNodeName)?.message).toBe(`Invalid Webhook URL in item 0: ${reason}`);
	});
});
