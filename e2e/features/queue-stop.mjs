// @ts-check
// Queue mode only: stopping a running execution. n8n 2.41 records the stop at once (the execution shows "canceled")
// but does not pass it on to the worker that runs it (n8n issue #25165), so the node goes on: Initiate and Wait
// until its calls end or Max Wait, and a paced Initiate places the rest of its calls. These tests pin down what
// the README's Scaling section warns about; when n8n passes stops on, they fail, and the warning can go. What never
// changes: nobody is called twice. (On one n8n process a stop ends both at once: initiate-and-wait.mjs, safety.mjs.)
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { before } from 'node:test';
import { callEachRow, osviNode, rowItems, RUN_NODE, runnableWorkflow, webhookOf } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import { OSVI_NODE, activeAgentId } from '../fixtures.mjs';
import { ranOnWorker, whereExecutionsRan } from '../queue.mjs';

const MAX_WAIT_MS = 6_000;
const PACED_ROWS = Array.from({ length: 10 }, (_, index) => ({ phone: `98765${String(index).padStart(5, '0')}` }));

export default defineFeature(
	'queue mode: stopping a running execution',
	(feature) => {
		/** @type {import('../../scripts/lib/index.mjs').StoredWorkflow} */
		let stoppable;
		/** @type {import('../../scripts/lib/index.mjs').StoredWorkflow} */
		let paced;

		before(async () => {
			const credential = await feature.osviCredential();
			stoppable = await feature.n8n.addWorkflow(
				runnableWorkflow('e2e queue: initiate and wait, stopped', [
					...rowItems([{ phone: '98765 43212', name: 'Meera Iyer' }]),
					callEachRow(
						OSVI_NODE,
						{
							operation: 'initiateAndWait',
							agentId: activeAgentId(feature.sandbox),
							waitOptions: { pollIntervalSeconds: 1, maxWaitMinutes: MAX_WAIT_MS / 60_000 },
						},
						credential,
					),
				]),
				{ activate: true },
			);
			paced = await feature.n8n.addWorkflow(
				runnableWorkflow('e2e queue: initiate 10 calls, one a second, stopped', [
					...rowItems(PACED_ROWS),
					osviNode(
						OSVI_NODE,
						{
							resource: 'call',
							operation: 'initiate',
							agentId: { __rl: true, mode: 'id', value: activeAgentId(feature.sandbox) },
							phoneNumber: '={{ $json.phone }}',
							countryCode: 'IN',
							additionalFields: {},
							options: { concurrency: 1, rateLimit: 1, rateLimitPeriod: 'second' },
						},
						credential,
					),
				]),
				{ activate: true },
			);
		});

		/**
		 * Stops the one running execution of a workflow through the editor's API and resolves with its id.
		 * @param {import('../../scripts/lib/index.mjs').StoredWorkflow} workflow
		 */
		async function stopRunning(workflow) {
			const filter = encodeURIComponent(JSON.stringify({ workflowId: workflow.id, status: ['running'] }));
			const running = await feature.n8n.rest('GET', `/executions?filter=${filter}&limit=10`);
			assert.equal(running.data.results.length, 1);
			const executionId = String(running.data.results[0].id);
			await feature.n8n.rest('POST', `/executions/${executionId}/stop`);
			assert.equal((await feature.n8n.execution(executionId)).status, 'canceled');
			return executionId;
		}

		/**
		 * Resolves once the worker has let go of an execution.
		 * @param {string} executionId
		 * @param {number} withinMs
		 */
		async function workerFinished(executionId, withinMs) {
			const started = Date.now();
			while (!feature.n8n.logOf('worker').includes(`Worker finished execution ${executionId} (job `)) {
				assert.ok(Date.now() - started < withinMs, `the worker did not finish execution ${executionId}`);
				await sleep(250);
			}
		}

		feature.test('a stopped wait is canceled at once, ends by Max Wait on the worker, and places nothing again', async () => {
			const n8n = feature.n8n;
			const sandbox = feature.sandbox;
			sandbox.planCalls({ phoneNumber: '9876543212', neverFinish: true });
			const started = await n8n.webhook(webhookOf(stoppable.json, RUN_NODE).path, { body: {} });
			assert.equal(started.status, 200);
			const deadline = Date.now() + 30_000;
			while (sandbox.requests().filter((request) => request.method === 'GET').length < 2) {
				assert.ok(Date.now() < deadline, 'the node did not start waiting');
				await sleep(100);
			}
			const stoppedAt = Date.now();
			const executionId = await stopRunning(stoppable);

			// The worker lets go of the execution once Max Wait has passed.
			await workerFinished(executionId, MAX_WAIT_MS + 30_000 - (Date.now() - stoppedAt));
			const requestsWhenDone = sandbox.requests().length;
			await sleep(2_000);
			assert.equal(sandbox.requests().length, requestsWhenDone, 'requests after the worker finished');
			assert.deepEqual(
				sandbox
					.requests()
					.filter((request) => request.method !== 'GET')
					.map(({ method, path }) => ({ method, path })),
				[{ method: 'POST', path: '/call' }],
			);
			const { calls, placedCalls } = sandbox.snapshot();
			assert.deepEqual(
				placedCalls.map((placed) => calls.find((call) => call.call_id === placed.call_id)?.status),
				['in_progress'],
			);
			assert.equal((await n8n.execution(executionId)).status, 'canceled');
			assert.deepEqual(whereExecutionsRan(n8n, [executionId]), [ranOnWorker(executionId)]);
		});

		feature.test('a stopped Initiate under pacing is canceled at once, yet the worker places the rest of its calls, each once', async () => {
			const n8n = feature.n8n;
			const sandbox = feature.sandbox;
			const started = await n8n.webhook(webhookOf(paced.json, RUN_NODE).path, { body: {} });
			assert.equal(started.status, 200);
			const deadline = Date.now() + 30_000;
			while (sandbox.requests().length < 2) {
				assert.ok(Date.now() < deadline, 'the node did not start calling');
				await sleep(50);
			}
			const executionId = await stopRunning(paced);
			const placedAtStop = sandbox.requests().length;
			assert.ok(placedAtStop < PACED_ROWS.length, `all ${placedAtStop} calls were placed before the stop`);

			await workerFinished(executionId, 60_000);
			assert.deepEqual(
				sandbox
					.requests()
					.map(({ method, path, body }) => `${method} ${path} ${/** @type {{ phone_number: string }} */ (body).phone_number}`)
					.sort(),
				PACED_ROWS.map((row) => `POST /call ${row.phone}`).sort(),
			);
			assert.equal((await n8n.execution(executionId)).status, 'canceled');
			assert.deepEqual(whereExecutionsRan(n8n, [executionId]), [ranOnWorker(executionId)]);
		});
	},
	{ topologies: ['queue'] },
);
