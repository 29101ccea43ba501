// @ts-check
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { adapt, assertSucceeded, example, nodeItems, nodeJson, webhookOf } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import { OSVI_NODE, TRIGGER_NODE, WEBHOOK_SECRET, activeAgentId, osviWorkflow } from '../fixtures.mjs';

/** @typedef {import('../../scripts/lib/index.mjs').StoredWorkflow} StoredWorkflow */

export default defineFeature('round trip: Initiate → OSVI’s per-call webhook → OSVI Trigger', (feature) => {
	/** @type {StoredWorkflow} */
	let placeCall;
	/** @type {StoredWorkflow} */
	let reactToCalls;
	let agentId = '';
	let triggerUrl = '';

	before(async () => {
		const n8n = feature.n8n;
		agentId = activeAgentId(feature.sandbox);
		const credential = await feature.osviCredential();
		// The shipped example as users import it, on a webhook of its own.
		reactToCalls = await n8n.addWorkflow(
			adapt(example('react-to-finished-calls'), { credential, freshWebhookIds: true }),
			{ activate: true },
		);
		triggerUrl = `${n8n.webhookUrl(webhookOf(reactToCalls.json, TRIGGER_NODE).path)}?secret=${WEBHOOK_SECRET}`;
		placeCall = await n8n.addWorkflow(
			osviWorkflow(
				'e2e: place a call that reports to the trigger',
				{
					resource: 'call',
					operation: 'initiate',
					agentId: { __rl: true, mode: 'id', value: agentId },
					phoneNumber: '+91 98765 43210',
					countryCode: 'IN',
					additionalFields: { personName: 'Asha Rao', webhookUrl: triggerUrl },
					options: {},
				},
				credential,
			),
			{ activate: true },
		);
	});

	feature.test('closes the loop: a call placed with the trigger’s production URL starts the trigger with that call', async () => {
		const execution = await feature.n8n.run(placeCall);
		assertSucceeded(execution);
		const [placed] = nodeItems(execution, OSVI_NODE);
		const callId = placed?.json.call_id;
		assert.deepEqual(placed, {
			json: { call_id: callId, phone_number: '9876543210', country_code: 'IN' },
			pairedItem: { item: 0 },
		});
		assert.deepEqual(
			feature.sandbox.requests().map(({ method, path, body }) => ({ method, path, body })),
			[
				{
					method: 'POST',
					path: '/call',
					body: {
						agent_uuid: agentId,
						phone_number: '9876543210',
						country_code: 'IN',
						person_name: 'Asha Rao',
						webhook_url: triggerUrl,
					},
				},
			],
		);

		const [delivery] = await feature.sandbox.waitForWebhookDeliveries(1, 20_000);
		assert.deepEqual(
			{ url: delivery.url, status: delivery.status, callLogId: delivery.payload.call_log_id },
			{ url: triggerUrl, status: 200, callLogId: callId },
		);
		const [reaction] = await feature.n8n.settledExecutions(reactToCalls.id, 1);
		assert.equal(reaction.status, 'success');
		assert.deepEqual(nodeJson(reaction, TRIGGER_NODE), [delivery.payload]);
		assert.deepEqual(nodeJson(reaction, 'Outcome for the CRM'), [
			{ callId, phoneNumber: '+919876543210', answered: true, needsRetry: false },
		]);
	});
});
