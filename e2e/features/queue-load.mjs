// @ts-check
// Queue mode only: the benchmark's Initiate run (1,000 rows → Split Out → Initiate, 10 calls at a time) executed
// by the worker places exactly one call per item: none lost, none placed twice. (The trigger's 500 deliveries
// with the secret and 50 without are e2e/features/trigger-load.mjs, which runs in queue mode too.)
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { assertSucceeded, callEachRow, nodeItems, rowItems, runnableWorkflow } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import { API_TOKEN, OSVI_NODE, activeAgentId } from '../fixtures.mjs';
import { ranOnWorker, whereExecutionsRan } from '../queue.mjs';

const ITEMS = 1_000;
const CONCURRENCY = 10;

/** National digits (OSVI's own form), one distinct number per row, as in the benchmark. */
const phoneOf = (/** @type {number} */ index) => `98765${String(index).padStart(5, '0')}`;

export default defineFeature(
	'queue mode under load: Initiate over 1,000 items',
	(feature) => {
		/** @type {import('../../scripts/lib/index.mjs').StoredWorkflow} */
		let placeCalls;
		let agentId = '';

		before(async () => {
			agentId = activeAgentId(feature.sandbox);
			const credential = await feature.osviCredential();
			const rows = Array.from({ length: ITEMS }, (_, index) => ({ phone: phoneOf(index), name: `Contact ${index + 1}` }));
			placeCalls = await feature.n8n.addWorkflow(
				runnableWorkflow('e2e queue: Initiate over 1,000 items', [
					...rowItems(rows),
					callEachRow(OSVI_NODE, { operation: 'initiate', agentId, options: { concurrency: CONCURRENCY } }, credential),
				]),
				{ activate: true },
			);
		});

		feature.test(
			'places exactly one call per item, 1,000 in all, each item paired with its own call',
			async () => {
				const n8n = feature.n8n;
				const execution = await n8n.run(placeCalls, { timeoutMs: 240_000 });
				assertSucceeded(execution);

				const requests = feature.sandbox.requests();
				const sent = requests.map(({ method, path, headers, body }) => {
					const fields = /** @type {Record<string, unknown>} */ (body);
					return `${method} ${path} ${headers['api-token']} ${fields.agent_uuid} ${fields.phone_number} ${fields.country_code} ${fields.person_name}`;
				});
				const expected = Array.from(
					{ length: ITEMS },
					(_, index) => `POST /call ${API_TOKEN} ${agentId} ${phoneOf(index)} IN Contact ${index + 1}`,
				);
				assert.equal(requests.length, ITEMS, `the sandbox received ${requests.length} requests`);
				assert.deepEqual(sent.sort(), [...expected].sort());

				// Each item carries the call placed for its own row, and no call id appears twice.
				// The sandbox lists the calls it placed first, newest first, before its seeded ones.
				const placedByPhone = new Map(
					feature.sandbox
						.snapshot()
						.calls.slice(0, ITEMS)
						.map((call) => [call.phone_number.replace(/^\+91/, ''), call.call_id]),
				);
				assert.equal(placedByPhone.size, ITEMS, 'the sandbox holds one placed call per number');
				const items = nodeItems(execution, OSVI_NODE);
				assert.deepEqual(
					items,
					Array.from({ length: ITEMS }, (_, index) => ({
						json: { call_id: placedByPhone.get(phoneOf(index)), phone_number: phoneOf(index), country_code: 'IN' },
						pairedItem: { item: index },
					})),
				);

				assert.deepEqual(whereExecutionsRan(n8n, [execution.id]), [ranOnWorker(execution.id)]);
			},
			{ timeoutMs: 300_000 },
		);
	},
	{ topologies: ['queue'] },
);
