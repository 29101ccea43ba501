// @ts-check
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { assertSucceeded, nodeItems } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import { API_TOKEN, OSVI_NODE, osviWorkflow } from '../fixtures.mjs';

/** @typedef {import('../../scripts/lib/index.mjs').StoredWorkflow} StoredWorkflow */

export default defineFeature('Agent → Get Many', (feature) => {
	const workflows = /** @type {Record<'all' | 'two', StoredWorkflow>} */ ({});

	before(async () => {
		const credential = await feature.osviCredential();
		const getMany = (/** @type {Record<string, unknown>} */ listing) =>
			({ resource: 'agent', operation: 'getMany', ...listing, options: {} });
		workflows.all = await feature.n8n.addWorkflow(
			osviWorkflow('e2e: every active agent', getMany({ returnAll: true }), credential),
			{ activate: true },
		);
		workflows.two = await feature.n8n.addWorkflow(
			osviWorkflow('e2e: two active agents', getMany({ returnAll: false, limit: 2 }), credential),
			{ activate: true },
		);
	});

	/** What OSVI itself answers, read straight from the sandbox. */
	async function activeAgents() {
		const response = await fetch(`${feature.sandbox.url}/v1/active_agents`, { headers: { 'API-Token': API_TOKEN } });
		return /** @type {Array<Record<string, unknown>>} */ (await response.json());
	}

	feature.test('outputs one item per active agent, as OSVI returns them, or the first ones up to the limit', async () => {
		const agents = await activeAgents();
		assert.ok(agents.length > 2, 'the sandbox should hold more than two active agents');
		feature.sandbox.clearRequests();

		const all = await feature.n8n.run(workflows.all);
		assertSucceeded(all);
		assert.deepEqual(nodeItems(all, OSVI_NODE), agents.map((json) => ({ json, pairedItem: { item: 0 } })));

		const two = await feature.n8n.run(workflows.two);
		assertSucceeded(two);
		assert.deepEqual(nodeItems(two, OSVI_NODE), agents.slice(0, 2).map((json) => ({ json, pairedItem: { item: 0 } })));

		assert.deepEqual(
			feature.sandbox.requests().map(({ method, path, headers }) => ({ method, path, token: headers['api-token'] })),
			[
				{ method: 'GET', path: '/v1/active_agents', token: API_TOKEN },
				{ method: 'GET', path: '/v1/active_agents', token: API_TOKEN },
			],
		);
	});
});
