// @ts-check
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { assertSucceeded, nodeItems } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import { API_TOKEN, OSVI_NODE, activeAgentId, osviWorkflow } from '../fixtures.mjs';

/** The fields of one call in `GET /v1/calls`, as OSVI documents them. */
const LIST_FIELDS = [
	'call_id',
	'agent_uuid',
	'agent_name',
	'phone_number',
	'from_number',
	'status',
	'call_type',
	'duration_seconds',
	'call_ended_by',
	'call_ended_reason',
	'campaign_id',
	'campaign_upload_id',
	'tag',
	'created_at',
	'call_picked_at',
];

export default defineFeature('Call → List', (feature) => {
	/** @type {import('../../scripts/lib/index.mjs').StoredWorkflow} */
	let listAll;
	/** @type {import('../../scripts/lib/index.mjs').StoredWorkflow} */
	let listFiltered;
	let agentId = '';

	before(async () => {
		agentId = activeAgentId(feature.sandbox);
		const credential = await feature.osviCredential();
		listAll = await feature.n8n.addWorkflow(
			osviWorkflow(
				'e2e: list every call',
				{ resource: 'call', operation: 'list', returnAll: true, filters: {}, options: {} },
				credential,
			),
			{ activate: true },
		);
		listFiltered = await feature.n8n.addWorkflow(
			osviWorkflow(
				'e2e: list calls with filters',
				{
					resource: 'call',
					operation: 'list',
					returnAll: false,
					limit: 20,
					filters: {
						status: ['picked', 'voicemail'],
						agentId,
						callType: 'outbound',
						startDate: '2026-05-15',
						endDate: '2026-06-20T18:00:00',
					},
					options: {},
				},
				credential,
				// The date picker's time has no offset: the node must read it in the workflow's timezone.
				{ settings: { timezone: 'Asia/Kolkata' } },
			),
			{ activate: true },
		);
	});

	feature.test('lists every call with Return All, in the sandbox’s order, over pages 1 to 3 of 100', async () => {
		const expected = feature.sandbox.snapshot().calls.map((call) => {
			const detail = Object.fromEntries(Object.entries(call));
			return Object.fromEntries(LIST_FIELDS.map((field) => [field, detail[field]]));
		});
		assert.equal(expected.length, 300, 'the sandbox should hold its 300 seeded calls');

		const execution = await feature.n8n.run(listAll);
		assertSucceeded(execution);
		const items = nodeItems(execution, OSVI_NODE);
		assert.deepEqual(
			items.map((item) => item.json),
			expected,
		);
		assert.ok(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}'));

		// Page 1 reveals the page count; pages 2 and 3 then load side by side, in either order.
		const pages = feature.sandbox.requests().map(({ method, path, query, headers }) => ({
			method,
			path,
			query,
			token: headers['api-token'],
		}));
		const page = (/** @type {number} */ n) => ({
			method: 'GET',
			path: '/v1/calls',
			query: { page: String(n), per_page: '100' },
			token: API_TOKEN,
		});
		assert.deepEqual(pages[0], page(1));
		assert.deepEqual(
			pages.slice(1).sort((a, b) => a.query.page.localeCompare(b.query.page)),
			[page(2), page(3)],
		);
	});

	feature.test('lists calls with filters: sends the exact query and returns what the sandbox answers to it', async () => {
		const execution = await feature.n8n.run(listFiltered);
		assertSucceeded(execution);

		const expectedQuery = {
			status: 'picked,voicemail',
			agent_uuid: agentId,
			call_type: 'outbound',
			start_date: '2026-05-15',
			end_date: '2026-06-20T18:00:00+05:30',
			page: '1',
			per_page: '20',
		};
		assert.deepEqual(
			feature.sandbox.requests().map(({ method, path, query, headers }) => ({
				method,
				path,
				query,
				token: headers['api-token'],
			})),
			[{ method: 'GET', path: '/v1/calls', query: expectedQuery, token: API_TOKEN }],
		);

		const answer = /** @type {{ data: unknown[], meta: unknown }} */ (
			await fetch(`${feature.sandbox.url}/v1/calls?${new URLSearchParams(expectedQuery)}`, {
				headers: { 'API-Token': API_TOKEN },
			}).then((response) => response.json())
		);
		assert.equal(answer.data.length, 20, `the filters should match more than 20 calls: ${JSON.stringify(answer.meta)}`);
		assert.deepEqual(
			nodeItems(execution, OSVI_NODE).map((item) => item.json),
			answer.data,
		);
	});
});
