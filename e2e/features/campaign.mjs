// @ts-check
import assert from 'node:assert/strict';
import { before } from 'node:test';
import {
	adapt,
	asRunnable,
	assertSucceeded,
	example,
	nodeItems,
	nodeJson,
	osviNode,
	rowItems,
	runnableWorkflow,
} from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import { API_TOKEN, OSVI_NODE, activeAgentId } from '../fixtures.mjs';

/** @typedef {import('../../scripts/lib/index.mjs').StoredWorkflow} StoredWorkflow */

const CONTACT_COUNT = 10_001;
const EXAMPLE_AGENT = 'agent_nxwD8XGoTW2uwyI3s3QaIBZc2f';

/** @param {number} index */
const phoneOf = (index) => `9198765${String(index).padStart(5, '0')}`;

export default defineFeature('Campaign → Add Contacts and Get Status', (feature) => {
	const workflows = /** @type {Record<'manyContacts' | 'example', StoredWorkflow>} */ ({});
	let agentId = '';

	before(async () => {
		agentId = activeAgentId(feature.sandbox);
		assert.equal(agentId, EXAMPLE_AGENT, 'the example workflow names the sandbox’s first agent');
		const credential = await feature.osviCredential();
		const rows = Array.from({ length: CONTACT_COUNT }, (_, index) => ({
			phone: `+${phoneOf(index)}`,
			name: `Contact ${index}`,
		}));
		workflows.manyContacts = await feature.n8n.addWorkflow(
			runnableWorkflow('e2e: add 10,001 contacts to a campaign', [
				...rowItems(rows),
				osviNode(
					OSVI_NODE,
					{
						resource: 'campaign',
						operation: 'addContacts',
						campaignId: 12,
						agentId: { __rl: true, mode: 'id', value: agentId },
						phoneNumber: '={{ $json.phone }}',
						countryCode: 'IN',
						personName: '={{ $json.name }}',
						contactData: '={{ JSON.stringify({ row: $itemIndex }) }}',
						enqueue: false,
						options: {},
					},
					credential,
				),
			]),
			{ activate: true },
		);
		// As users run it, but polling every second: the sandbox's calls last a fraction of a second.
		const saved = asRunnable(adapt(example('add-contacts-to-a-campaign'), { credential }));
		const waiting = saved.nodes.find((entry) => entry.name === 'Wait for the Calls');
		assert.ok(waiting, 'the example has no node "Wait for the Calls"');
		waiting.parameters.waitOptions.pollIntervalSeconds = 1;
		workflows.example = await feature.n8n.addWorkflow(saved, { activate: true });
	});

	feature.test(
		'sends 10,001 contacts as two requests of 10,000 and 1, one output item each, paired with its rows',
		async () => {
			const execution = await feature.n8n.run(workflows.manyContacts, { timeoutMs: 300_000 });
			assertSucceeded(execution);

			const contact = (/** @type {number} */ index) => ({
				phone: `+${phoneOf(index)}`,
				person_name: `Contact ${index}`,
				row: index,
			});
			const requests = feature.sandbox.requests();
			assert.deepEqual(
				requests.map(({ method, path, query, headers }) => ({ method, path, query, token: headers['api-token'] })),
				[1, 2].map(() => ({ method: 'POST', path: '/v1/campaigns/12/contacts', query: {}, token: API_TOKEN })),
			);
			assert.deepEqual(requests[0].body, {
				agent_uuid: agentId,
				contacts: Array.from({ length: 10_000 }, (_, index) => contact(index)),
				enqueue: false,
			});
			assert.deepEqual(requests[1].body, { agent_uuid: agentId, contacts: [contact(10_000)], enqueue: false });

			const uploads = feature.sandbox.campaigns().uploads.slice(-2);
			const summary = (/** @type {number} */ uploadId, /** @type {number} */ count) => ({
				campaign_upload_id: uploadId,
				contacts_received: count,
				contacts_accepted: count,
				duplicates_removed: 0,
				enqueued: false,
				queued_calls: 0,
				dnd_skipped: [],
			});
			assert.deepEqual(nodeItems(execution, OSVI_NODE), [
				{
					json: summary(uploads[0].campaign_upload_id, 10_000),
					pairedItem: Array.from({ length: 10_000 }, (_, item) => ({ item })),
				},
				{ json: summary(uploads[1].campaign_upload_id, 1), pairedItem: [{ item: 10_000 }] },
			]);
		},
		{ timeoutMs: 300_000 },
	);

	feature.test(
		'the example adds its contacts with Enqueue, waits until OSVI has called them, and reports the upload',
		async () => {
			const execution = await feature.n8n.run(workflows.example);
			assertSucceeded(execution);

			const [push, ...reads] = feature.sandbox.requests();
			assert.deepEqual(
				{ method: push.method, path: push.path, body: push.body },
				{
					method: 'POST',
					path: '/v1/campaigns/7/contacts',
					body: {
						agent_uuid: agentId,
						contacts: [
							{ phone: '+919876543210', person_name: 'Asha Rao', plan: 'Pro' },
							{ phone: '+919876543211', person_name: 'Ravi Kumar', plan: 'Basic' },
							{ phone: '+919876543212', person_name: 'Meera Iyer', plan: 'Pro' },
							{ phone: '+919876543210', person_name: 'Asha R.', plan: 'Pro' },
						],
						enqueue: true,
					},
				},
			);
			assert.ok(reads.length >= 1);
			assert.ok(reads.every((read) => read.method === 'GET' && read.path === '/v1/campaigns/7/status'));

			const upload = feature.sandbox.campaigns().uploads.at(-1);
			assert.ok(upload);
			assert.deepEqual(upload.queues, [{ agent_uuid: agentId, total_queued: 3, completed: true }]);
			const status = /** @type {{ data: { calls: { by_status: unknown } } }} */ (
				await fetch(`${feature.sandbox.url}/v1/campaigns/7/status`, {
					headers: { 'API-Token': API_TOKEN },
				}).then((response) => response.json())
			);
			assert.deepEqual(nodeJson(execution, 'Report'), [
				{
					uploadId: upload.campaign_upload_id,
					contactsSent: 4,
					contactsAccepted: 3,
					duplicatesRemoved: 1,
					skippedAsDoNotDisturb: [],
					callsQueued: 3,
					allCallsMade: true,
					campaignCallsByStatus: status.data.calls.by_status,
				},
			]);
		},
	);
});
