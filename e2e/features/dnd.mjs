// @ts-check
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { adapt, asRunnable, assertSucceeded, example, nodeItems, webhookOf } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import {
	API_TOKEN,
	OSVI_NODE,
	TRIGGER_NODE,
	WEBHOOK_SECRET,
	activeAgentId,
	callLogId,
	osviWorkflow,
	postCallAnalysisPayload,
} from '../fixtures.mjs';

/** @typedef {import('../../scripts/lib/index.mjs').StoredWorkflow} StoredWorkflow */

const DND_NODE = 'Add to Do Not Disturb';
const REMOVING_NODE = 'Remove from Do Not Disturb';

export default defineFeature('Do Not Disturb → Add, Get Many, Remove', (feature) => {
	const workflows = /** @type {Record<'add' | 'getMany' | 'remove' | 'doNotCall' | 'optedBackIn', StoredWorkflow>} */ ({});
	let agentId = '';

	before(async () => {
		const n8n = feature.n8n;
		agentId = activeAgentId(feature.sandbox);
		const credential = await feature.osviCredential();
		const agent = { __rl: true, mode: 'list', value: agentId, cachedResultName: 'Appointment Reminder' };
		workflows.add = await n8n.addWorkflow(
			osviWorkflow(
				'e2e: add a number to the Do Not Disturb list',
				{
					resource: 'dnd',
					operation: 'add',
					agentId: agent,
					phoneNumber: '098765 43210',
					countryCode: 'IN',
					reason: 'Asked not to be called again',
					options: {},
				},
				credential,
			),
			{ activate: true },
		);
		workflows.getMany = await n8n.addWorkflow(
			osviWorkflow(
				'e2e: get Do Not Disturb numbers containing 98765',
				{ resource: 'dnd', operation: 'getMany', agentId: agent, returnAll: true, search: '98765', options: {} },
				credential,
			),
			{ activate: true },
		);
		workflows.remove = await n8n.addWorkflow(
			osviWorkflow(
				'e2e: remove a number from the Do Not Disturb list',
				{
					resource: 'dnd',
					operation: 'remove',
					agentId: agent,
					phoneNumber: '+91 98765 43210',
					countryCode: 'US',
					options: {},
				},
				credential,
			),
			{ activate: true },
		);
		workflows.doNotCall = await n8n.addWorkflow(
			adapt(example('do-not-call-after-analysis'), { credential, freshWebhookIds: true }),
			{ activate: true },
		);
		workflows.optedBackIn = await n8n.addWorkflow(
			asRunnable(adapt(example('take-a-number-off-do-not-disturb'), { credential })),
			{ activate: true },
		);
	});

	feature.test('adds, lists and removes a number, sent in E.164, the removal in the query without a body', async () => {
		const added = await feature.n8n.run(workflows.add);
		assertSucceeded(added);
		const [entry] = feature.sandbox.dndNumbers().filter((candidate) => candidate.phone === '+919876543210');
		assert.ok(entry, 'the number is on the sandbox’s list');
		assert.deepEqual(nodeItems(added, OSVI_NODE), [{ json: entry, pairedItem: { item: 0 } }]);

		const listed = await feature.n8n.run(workflows.getMany);
		assertSucceeded(listed);
		// This read of the test's own goes to the sandbox too: it is left out of the node's requests below.
		const ownRead = feature.sandbox.requests().length;
		const answer = /** @type {{ data: unknown[] }} */ (
			await fetch(
				`${feature.sandbox.url}/v1/dnd_numbers?${new URLSearchParams({ agent_uuid: agentId, search: '98765', page: '1', per_page: '100' })}`,
				{ headers: { 'API-Token': API_TOKEN } },
			).then((response) => response.json())
		);
		assert.ok(answer.data.length >= 1);
		assert.deepEqual(
			nodeItems(listed, OSVI_NODE).map((item) => item.json),
			answer.data,
		);

		const removed = await feature.n8n.run(workflows.remove);
		assertSucceeded(removed);
		assert.deepEqual(
			nodeItems(removed, OSVI_NODE).map((item) => item.json),
			[{ success: true, message: 'Phone removed from DND list', phone: '+919876543210', agent_uuid: agentId }],
		);
		assert.equal(
			feature.sandbox.dndNumbers().some((candidate) => candidate.phone === '+919876543210'),
			false,
		);

		const requests = feature.sandbox
			.requests()
			.filter((_, index) => index !== ownRead)
			.map(({ method, path, query, body, rawBody, headers }) => ({
			method,
			path,
			query,
			body,
			rawBody,
			token: headers['api-token'],
		}));
		const addBody = { agent_uuid: agentId, phone: '+919876543210', reason: 'Asked not to be called again' };
		assert.deepEqual(requests, [
			{ method: 'POST', path: '/v1/dnd_numbers', query: {}, body: addBody, rawBody: JSON.stringify(addBody), token: API_TOKEN },
			{
				method: 'GET',
				path: '/v1/dnd_numbers',
				query: { agent_uuid: agentId, search: '98765', page: '1', per_page: '100' },
				body: undefined,
				rawBody: '',
				token: API_TOKEN,
			},
			{
				method: 'DELETE',
				path: '/v1/dnd_numbers',
				query: { agent_uuid: agentId, phone: '+919876543210' },
				body: undefined,
				rawBody: '',
				token: API_TOKEN,
			},
		]);
	});

	feature.test('the example puts a caller whose analysis says "do not call" on the list, and no one else', async () => {
		const path = webhookOf(workflows.doNotCall.json, TRIGGER_NODE).path;
		const analysis = (/** @type {number} */ n, /** @type {string} */ phone, /** @type {boolean} */ doNotCall) => ({
			...postCallAnalysisPayload(callLogId(n)),
			call_status: 'picked',
			phone_number: phone,
			data_capture: { do_not_call: doNotCall },
		});
		for (const payload of [analysis(1, '+919876543219', true), analysis(2, '+919876543218', false)]) {
			const answer = await feature.n8n.webhook(path, {
				body: payload,
				headers: { 'X-Osvi-Secret': WEBHOOK_SECRET },
			});
			assert.equal(answer.status, 200, answer.text);
		}
		const executions = await feature.n8n.settledExecutions(workflows.doNotCall.id, 2);
		for (const execution of executions) assertSucceeded(execution);

		assert.deepEqual(
			feature.sandbox.requests().map(({ method, path: sentPath, body }) => ({ method, path: sentPath, body })),
			[
				{
					method: 'POST',
					path: '/v1/dnd_numbers',
					body: {
						agent_uuid: agentId,
						phone: '+919876543219',
						reason: `Asked not to be called again (call ${callLogId(1)})`,
					},
				},
			],
		);
		const [entry] = feature.sandbox.dndNumbers().filter((candidate) => candidate.phone === '+919876543219');
		assert.ok(entry);
		assert.deepEqual(nodeItems(executions[0], DND_NODE), [{ json: entry, pairedItem: { item: 0 } }]);
	});

	feature.test('the example takes a number off every agent’s list that holds it, and leaves other numbers alone', async () => {
		const agents = feature.sandbox
			.snapshot()
			.agents.filter((agent) => !agent.archived)
			.map((agent) => agent.agent_id);
		const [first, , third] = agents;
		feature.sandbox.addDndNumber([
			{ agent_uuid: first, phone: '+919876543210' },
			{ agent_uuid: third, phone: '98765 43210', reason: 'Asked by e-mail' },
			{ agent_uuid: first, phone: '+919876543211' },
		]);
		const before = feature.sandbox.dndNumbers();

		const execution = await feature.n8n.run(workflows.optedBackIn);
		assertSucceeded(execution);

		const byAgent = (/** @type {Record<string, unknown>} */ a, /** @type {Record<string, unknown>} */ b) =>
			String(a.agent_uuid).localeCompare(String(b.agent_uuid));
		assert.deepEqual(
			nodeItems(execution, REMOVING_NODE)
				.map((item) => item.json)
				.sort(byAgent),
			[first, third]
				.map((agent) => ({ success: true, message: 'Phone removed from DND list', phone: '+919876543210', agent_uuid: agent }))
				.sort(byAgent),
		);
		assert.deepEqual(
			feature.sandbox.dndNumbers(),
			before.filter((entry) => entry.phone !== '+919876543210'),
		);
		const requests = feature.sandbox.requests().map(({ method, path, query }) => ({ method, path, query }));
		const byQuery = (/** @type {{ query: object }} */ a, /** @type {{ query: object }} */ b) =>
			JSON.stringify(a.query).localeCompare(JSON.stringify(b.query));
		assert.deepEqual(requests[0], { method: 'GET', path: '/v1/active_agents', query: {} });
		assert.deepEqual(
			requests.slice(1, 1 + agents.length).sort(byQuery),
			agents
				.map((agent) => ({
					method: 'GET',
					path: '/v1/dnd_numbers',
					query: { agent_uuid: agent, search: '919876543210', page: '1', per_page: '100' },
				}))
				.sort(byQuery),
		);
		assert.deepEqual(
			requests.slice(1 + agents.length).sort(byQuery),
			[first, third]
				.map((agent) => ({ method: 'DELETE', path: '/v1/dnd_numbers', query: { agent_uuid: agent, phone: '+919876543210' } }))
				.sort(byQuery),
		);
	});
});
