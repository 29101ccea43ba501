import { OsviTrigger } from '../../../nodes/OsviTrigger/OsviTrigger.node';
import { signWebhookUrl } from '../../../nodes/shared/webhookSignature';
import { startReceiver, startSandbox } from '../../../sandbox/server';
import type { Receiver, Sandbox } from '../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../harness/osviWorkflow';
import { runWorkflow } from '../../harness/runWorkflow';
import { createWebhookContext } from '../../helpers/webhookContext';

const webhookSecret = ['round', 'trip', 'secret'].join('-');
let sandbox: Sandbox;
let receiver: Receiver;

beforeAll(async () => {
	sandbox = await startSandbox({ callDurationMs: 50 });
	receiver = await startReceiver();
});
afterAll(async () => {
	await sandbox.close();
	await receiver.close();
});

test('a call placed with the trigger’s URL comes back as exactly the payload OSVI posted', async () => {
	const agent = sandbox.snapshot().agents.find((candidate) => !candidate.archived)!;
	const agentId = agent.agent_id;
	const { output } = await runWorkflow(
		osviWorkflow({
			resource: 'call',
			operation: 'initiate',
			agentId: { __rl: true, mode: 'id', value: agentId },
			phoneNumber: '+91 98765 43210',
			additionalFields: { webhookUrl: `${receiver.url}/webhook?secret=${webhookSecret}` },
		}),
		sandboxCredentials(sandbox),
	);
	const callId = output(osviNodeName)[0].json.call_id;

	const [delivery] = await receiver.waitForRequests(1, 5000);
	expect(delivery.method).toBe('POST');
	expect(delivery.path).toBe('/webhook');
	expect(delivery.query).toEqual({ secret: webhookSecret });

	const trigger = new OsviTrigger();
	const { context, response } = createWebhookContext({
		description: trigger.description,
		parameters: { authentication: 'webhookSecret', callStatus: ['picked'] },
		credentials: { osviApi: { apiToken: sandbox.token, webhookSecret } },
		method: delivery.method,
		headers: delivery.headers,
		query: delivery.query,
		body: delivery.body,
	});
	const result = await trigger.webhook.call(context);

	expect(delivery.body).toEqual({
		agent_name: agent.name,
		agent_uuid: agentId,
		phone_number: '+919876543210',
		call_log_id: callId,
		chat: expect.stringMatching(/^Agent: /),
		call_status: 'picked',
		executionMode: 'test',
	});
	expect(result.workflowData).toEqual([[{ json: delivery.body }]]);
	expect(result.webhookResponse).toEqual({ received: true });
	expect(response.ended).toBe(false);
});

test('a call placed with a signed URL reports back to the trigger without OSVI ever seeing the secret', async () => {
	const agentId = sandbox.snapshot().agents.find((candidate) => !candidate.archived)!.agent_id;
	const earlierDeliveries = receiver.requests().length;
	const signed = signWebhookUrl(
		`${receiver.url}/webhook?source=osvi#call`,
		webhookSecret,
		Date.now(),
	);
	if (!signed.ok) throw new Error(signed.reason);
	const { output } = await runWorkflow(
		osviWorkflow({
			resource: 'call',
			operation: 'initiate',
			agentId: { __rl: true, mode: 'id', value: agentId },
			phoneNumber: '+91 98765 43210',
			additionalFields: { webhookUrl: signed.url },
		}),
		sandboxCredentials(sandbox),
	);
	const callId = output(osviNodeName)[0].json.call_id;

	const delivery = (await receiver.waitForRequests(earlierDeliveries + 1, 5000))[earlierDeliveries];
	expect(delivery.path).toBe('/webhook');
	expect(delivery.query).toEqual({
		source: 'osvi',
		osvi_expires: expect.stringMatching(/^\d{10}$/),
		osvi_signature: expect.stringMatching(/^[0-9a-f]{64}$/),
	});
	const placed = sandbox
		.requests()
		.filter(({ method, path }) => method === 'POST' && path === '/call');
	expect(placed.at(-1)?.body).toMatchObject({ webhook_url: signed.url });
	expect(placed.at(-1)?.rawBody).not.toContain(webhookSecret);

	const trigger = new OsviTrigger();
	const { context, response } = createWebhookContext({
		description: trigger.description,
		parameters: { authentication: 'webhookSecret' },
		credentials: { osviApi: { apiToken: sandbox.token, webhookSecret } },
		method: delivery.method,
		headers: delivery.headers,
		query: delivery.query,
		body: delivery.body,
	});
	const result = await trigger.webhook.call(context);

	expect(delivery.body).toMatchObject({ call_log_id: callId, agent_uuid: agentId });
	expect(result.workflowData).toEqual([[{ json: delivery.body }]]);
	expect(response.ended).toBe(false);
});
