import { OsviTrigger } from '../../../nodes/OsviTrigger/OsviTrigger.node';
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
