// @ts-check
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { assertSucceeded, nodeItems } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import { API_TOKEN, OSVI_NODE, activeAgentId, placeCallsWorkflow } from '../fixtures.mjs';

export default defineFeature('Call → Initiate', (feature) => {
	/** @type {import('../../scripts/lib/index.mjs').StoredWorkflow} */
	let placeCalls;
	let agentId = '';

	before(async () => {
		agentId = activeAgentId(feature.sandbox);
		const credential = await feature.osviCredential();
		placeCalls = await feature.n8n.addWorkflow(placeCallsWorkflow('e2e: place calls from a list', agentId, credential), {
			activate: true,
		});
	});

	feature.test('places two calls from a list of three and turns the invalid row into an error item', async () => {
		const execution = await feature.n8n.run(placeCalls);
		assertSucceeded(execution);

		// They run side by side, so they arrive in either order.
		const requests = feature.sandbox
			.requests()
			.map(({ method, path, query, headers, body: sent }) => ({
				method,
				path,
				query,
				token: headers['api-token'],
				contentType: headers['content-type'],
				body: /** @type {Record<string, unknown>} */ (sent),
			}))
			.sort((a, b) => String(a.body.phone_number).localeCompare(String(b.body.phone_number)));
		const post = (/** @type {Record<string, unknown>} */ body) => ({
			method: 'POST',
			path: '/call',
			query: {},
			token: API_TOKEN,
			contentType: 'application/json',
			body,
		});
		assert.deepEqual(requests, [
			post({
				agent_uuid: agentId,
				phone_number: '4155550100',
				country_code: 'US',
				person_name: 'John Doe',
				additional_data: { appointment: '2026-06-15 11:30' },
			}),
			post({
				agent_uuid: agentId,
				phone_number: '9876543210',
				country_code: 'IN',
				person_name: 'Asha Rao',
				additional_data: { appointment: '2026-06-15 10:00' },
			}),
		]);

		// The sandbox lists placed calls first; they run side by side, so match them by number, not by order.
		const placed = feature.sandbox.snapshot().calls.slice(0, 2);
		const callIdOf = (/** @type {string} */ e164) => {
			const call = placed.find((candidate) => candidate.phone_number === e164);
			assert.ok(
				call,
				`no placed call to ${e164} among the sandbox's newest: ${placed.map((c) => c.phone_number).join(', ')}`,
			);
			return call.call_id;
		};
		assert.deepEqual(nodeItems(execution, OSVI_NODE), [
			{
				json: { call_id: callIdOf('+919876543210'), phone_number: '9876543210', country_code: 'IN' },
				pairedItem: { item: 0 },
			},
			{
				json: { call_id: callIdOf('+14155550100'), phone_number: '4155550100', country_code: 'US' },
				pairedItem: { item: 1 },
			},
			{
				json: {
					error:
						'Invalid Phone Number in item 2: The phone number contains "x". Use only digits, spaces, dashes, dots and brackets, with + or 00 before a country code, e.g. +91 98765 43210.',
					description: 'Nothing was sent to OSVI for item 2. Correct the Phone Number field and run the node again.',
				},
				pairedItem: { item: 2 },
			},
		]);
	});
});
