// @ts-check
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { before } from 'node:test';
import {
	adapt,
	asRunnable,
	assertSucceeded,
	callEachRow,
	example,
	nodeItems,
	nodeJson,
	rowItems,
	RUN_NODE,
	runnableWorkflow,
	webhookOf,
} from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import { API_TOKEN, OSVI_NODE, activeAgentId } from '../fixtures.mjs';

/** @typedef {import('../../scripts/lib/index.mjs').StoredWorkflow} StoredWorkflow */
/** @typedef {import('../../scripts/lib/index.mjs').CredentialRef} CredentialRef */

const EXAMPLE_CALLING_NODE = 'Call and Wait for the Outcome';
const EXAMPLE_RESULT_NODE = 'Outcome Next to Each Row';

/**
 * Run trigger → Set (rows) → Split Out → OSVI Initiate and Wait.
 * @param {string} name
 * @param {string} agentId
 * @param {CredentialRef} credential
 * @param {Array<Record<string, unknown>>} rows
 * @param {Record<string, unknown>} waitOptions
 */
function waitWorkflow(name, agentId, credential, rows, waitOptions) {
	return runnableWorkflow(name, [
		...rowItems(rows),
		callEachRow(OSVI_NODE, { operation: 'initiateAndWait', agentId, waitOptions }, credential),
	]);
}

export default defineFeature('Call → Initiate and Wait', (feature) => {
	const workflows = /** @type {Record<'outcomes' | 'stoppable' | 'example', StoredWorkflow>} */ ({});

	before(async () => {
		const agentId = activeAgentId(feature.sandbox);
		const credential = await feature.osviCredential();
		const n8n = feature.n8n;
		workflows.outcomes = await n8n.addWorkflow(
			waitWorkflow(
				'e2e: initiate and wait, three outcomes',
				agentId,
				credential,
				[
					{ phone: '98765 43210', name: 'Asha Rao' },
					{ phone: '+1 415 555 0100', name: 'John Doe' },
					{ phone: '98765 43211', name: 'Ravi Kumar' },
				],
				{ pollIntervalSeconds: 1, maxWaitMinutes: 0.1, includeTranscript: true },
			),
			{ activate: true },
		);
		workflows.stoppable = await n8n.addWorkflow(
			waitWorkflow('e2e: initiate and wait, stopped', agentId, credential, [{ phone: '98765 43212', name: 'Meera Iyer' }], {
				pollIntervalSeconds: 1,
			}),
			{ activate: true },
		);
		workflows.example = await n8n.addWorkflow(
			asRunnable(adapt(example('call-a-list-and-record-outcomes'), { credential })),
			{ activate: true },
		);
	});

	/** @param {string} e164 */
	const placedCall = (e164) => {
		const { calls, placedCalls } = feature.sandbox.snapshot();
		const placed = new Set(placedCalls.map((call) => call.call_id));
		const call = calls.find((candidate) => placed.has(candidate.call_id) && candidate.phone_number === e164);
		assert.ok(call, `no call placed to ${e164}`);
		return call;
	};
	/** @param {string} path */
	const readsOf = (path) => feature.sandbox.requests().filter((request) => request.method === 'GET' && request.path === path).length;

	feature.test(
		'places one call per row and outputs each call once it has ended (a picked call with its transcript), or at Max Wait',
		async () => {
			feature.sandbox.planCalls([
				{ phoneNumber: '9876543210', durationMs: 1500 },
				{ phoneNumber: '4155550100', durationMs: 500, outcome: 'voicemail' },
				{ phoneNumber: '9876543211', neverFinish: true },
			]);
			const execution = await feature.n8n.run(workflows.outcomes);
			assertSucceeded(execution);

			const posts = feature.sandbox.requests().filter((request) => request.method === 'POST');
			assert.equal(posts.length, 3);
			const picked = placedCall('+919876543210');
			const voicemail = placedCall('+14155550100');
			const running = placedCall('+919876543211');
			assert.equal(running.status, 'in_progress');
			/** @param {string} callId */
			const transcript = async (callId) => {
				const response = await fetch(`${feature.sandbox.url}/v1/call/${callId}/transcript`, {
					headers: { 'API-Token': API_TOKEN },
				});
				const body = /** @type {{ data: { transcript: unknown[] } }} */ (await response.json());
				return body.data.transcript;
			};
			const expected = [
				{ call: picked, phone: '9876543210', country: 'IN', timedOut: false },
				{ call: voicemail, phone: '4155550100', country: 'US', timedOut: false },
				{ call: running, phone: '9876543211', country: 'IN', timedOut: true },
			];
			const items = nodeItems(execution, OSVI_NODE);
			assert.deepEqual(
				items,
				await Promise.all(
					expected.map(async ({ call, phone, country, timedOut }, item) => ({
						json: {
							...call,
							phone_number: phone,
							country_code: country,
							wait_timed_out: timedOut,
							transcript: await transcript(call.call_id),
						},
						pairedItem: { item },
					})),
				),
			);
			assert.equal(items[0].json.transcript.length, 4);
			// Reads at a 1 s poll interval (±10%): about one a second, and one more.
			assert.ok(readsOf(`/v1/call/${picked.call_id}`) <= 3, `reads of the picked call: ${readsOf(`/v1/call/${picked.call_id}`)}`);
			assert.ok(readsOf(`/v1/call/${running.call_id}`) <= 8, `reads of the running call: ${readsOf(`/v1/call/${running.call_id}`)}`);
		},
	);

	// In queue mode n8n 2.41 does not pass a stop on to the worker (n8n issue #25165): the wait goes on until its calls
	// end or Max Wait, and no call is placed again (e2e/features/queue-stop.mjs; README, Scaling).
	if (feature.topology === 'single') feature.test('stops waiting when the execution is stopped, without another request to OSVI', async () => {
		feature.sandbox.planCalls({ phoneNumber: '9876543212', neverFinish: true });
		const started = await feature.n8n.webhook(webhookOf(workflows.stoppable.json, RUN_NODE).path, { body: {} });
		assert.equal(started.status, 200);
		const deadline = Date.now() + 30_000;
		while (feature.sandbox.requests().filter((request) => request.method === 'GET').length < 2) {
			assert.ok(Date.now() < deadline, 'the node did not start waiting');
			await sleep(100);
		}
		const filter = encodeURIComponent(JSON.stringify({ workflowId: workflows.stoppable.id, status: ['running'] }));
		const running = await feature.n8n.rest('GET', `/executions?filter=${filter}&limit=10`);
		assert.equal(running.data.results.length, 1);
		const executionId = String(running.data.results[0].id);
		await feature.n8n.rest('POST', `/executions/${executionId}/stop`);
		await feature.n8n.waitForExecutions(workflows.stoppable.id, 1, 10_000);

		const stopped = await feature.n8n.execution(executionId);
		assert.equal(stopped.status, 'canceled');
		const requestsAtStop = feature.sandbox.requests().length;
		await sleep(2_000);
		assert.equal(feature.sandbox.requests().length, requestsAtStop);
		assert.equal(feature.sandbox.requests().filter((request) => request.method === 'POST').length, 1);
		assert.equal(placedCall('+919876543212').status, 'in_progress');
	});

	feature.test('the example "call a list and write each outcome next to its row" writes outcome and summary beside each row', async () => {
		const execution = await feature.n8n.run(workflows.example, { timeoutMs: 60_000 });
		assertSucceeded(execution);
		assert.equal(nodeItems(execution, EXAMPLE_CALLING_NODE).length, 3);
		const picked = placedCall('+919876543210');
		const us = placedCall('+14155550100');
		const unanswered = placedCall('+919876543217');
		assert.deepEqual(nodeJson(execution, EXAMPLE_RESULT_NODE), [
			{
				row: 2,
				name: 'Asha Rao',
				phone: '98765 43210',
				outcome: 'picked',
				summary: picked.summary,
				durationSeconds: picked.duration_seconds,
				callId: picked.call_id,
			},
			{
				row: 3,
				name: 'John Doe',
				phone: '+1 415 555 0100',
				outcome: 'picked',
				summary: us.summary,
				durationSeconds: us.duration_seconds,
				callId: us.call_id,
			},
			{
				row: 4,
				name: 'Meera Iyer',
				phone: '98765 43217',
				outcome: 'not_picked',
				summary: '',
				durationSeconds: 0,
				callId: unanswered.call_id,
			},
		]);
		assert.equal(typeof picked.summary, 'string');
	});
});
