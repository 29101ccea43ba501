// @ts-check
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { adapt, example, executionError, node, nodeJson, workflow } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import { API_TOKEN } from '../fixtures.mjs';

/** @typedef {import('../../scripts/lib/index.mjs').StoredWorkflow} StoredWorkflow */
/** @typedef {import('../../scripts/lib/index.mjs').Execution} Execution */

const TRIGGER = 'OSVI Call Log Trigger';
const TRIGGER_TYPE = 'n8n-nodes-osvi.osviCallLogTrigger';

// n8n refuses a poll time that fires more than once a minute ("The polling interval is too short"), in 1.x and 2.x
// alike, but takes several poll times of one fixed second each: n8n itself then checks every 15 seconds.
const EVERY_15_SECONDS = {
	item: ['0', '15', '30', '45'].map((second) => ({ mode: 'custom', cronExpression: `${second} * * * * *` })),
};

// n8n itself polls the OSVI Call Log Trigger of an active workflow (issue 13): one execution per check that found
// finished calls, one item per call, each call once.
export default defineFeature('OSVI Call Log Trigger', (feature) => {
	/**
	 * The calls as `GET /v1/calls` lists them now, by ID.
	 * @returns {Promise<Map<string, Record<string, unknown>>>}
	 */
	async function listedNow() {
		/** @type {Map<string, Record<string, unknown>>} */
		const calls = new Map();
		for (let page = 1; ; page++) {
			const response = await fetch(`${feature.sandbox.url}/v1/calls?per_page=100&page=${page}`, {
				headers: { 'API-Token': API_TOKEN, 'X-Test-Reader': 'yes' },
			});
			const { data } = /** @type {{ data: Array<Record<string, unknown>> }} */ (await response.json());
			for (const call of data) calls.set(String(call.call_id), call);
			if (data.length < 100) return calls;
		}
	}

	/**
	 * What the trigger should report for these calls: each as listed, in this order.
	 * @param {Array<{ call_id: string }>} calls
	 */
	async function asListed(calls) {
		const listed = await listedNow();
		return calls.map((call) => listed.get(call.call_id));
	}

	/** The trigger's own requests (not the test's reads). */
	function triggerRequests() {
		return feature.sandbox
			.requests()
			.filter((request) => request.headers['x-test-reader'] === undefined)
			.map(({ method, path, query }) => ({ method, path, query }));
	}

	/**
	 * Resolves once the trigger has sent `count` requests more than `before`, and a moment more for that check to end.
	 * @param {number} before
	 * @param {number} [count]
	 */
	async function requestsAfter(before, count = 1) {
		const started = Date.now();
		while (triggerRequests().length < before + count) {
			if (Date.now() - started > 40_000) throw new Error('n8n did not check OSVI within 40 s');
			await sleep(250);
		}
		await sleep(2_000);
	}

	/** Resolves after n8n has checked OSVI at least once more (and that check has ended). */
	async function nextCheck() {
		await requestsAfter(triggerRequests().length);
	}

	/**
	 * An active workflow that is only the trigger, polled every 15 seconds.
	 * @param {string} name
	 * @param {Record<string, unknown>} parameters
	 * @returns {Promise<StoredWorkflow>}
	 */
	async function activeTrigger(name, parameters = {}) {
		const credential = await feature.osviCredential();
		return await activated(
			workflow(name, [
				node(
					TRIGGER,
					TRIGGER_TYPE,
					{ pollTimes: EVERY_15_SECONDS, callStatus: [], filters: {}, ...parameters },
					{ credentials: { osviApi: credential } },
				),
			]),
		);
	}

	/**
	 * Adds and activates a workflow, and resolves once the trigger's first check (which starts from now: the calls
	 * in progress, then the newest page) is over: n8n 2.x may finish activating after its API has answered.
	 * @param {import('../../scripts/lib/index.mjs').WorkflowJson} json
	 */
	async function activated(json) {
		const stored = await feature.n8n.addWorkflow(json, { activate: true });
		await requestsAfter(0, 2);
		return stored;
	}

	/** @param {StoredWorkflow} stored */
	async function deactivate(stored) {
		await feature.n8n.api('POST', `/workflows/${stored.id}/deactivate`);
	}

	/** @param {Execution[]} executions */
	const successful = (executions) => executions.filter((execution) => execution.status === 'success');

	feature.test(
		'an active workflow starts from now, then gets one item per finished call, each call once',
		async () => {
			const stored = await activeTrigger('e2e: call log, every finished call');
			try {
				// Activating it checked OSVI once (calls in progress, newest page) and started nothing; a scheduled
				// check may have followed (the newest page only).
				const newestPage = { method: 'GET', path: '/v1/calls', query: { page: '1', per_page: '100' } };
				const [inProgress, ...pages] = triggerRequests();
				assert.deepEqual(inProgress, {
					method: 'GET',
					path: '/v1/calls',
					query: { status: 'in_progress', page: '1', per_page: '100' },
				});
				assert.ok(pages.length >= 1);
				assert.deepEqual(pages, pages.map(() => newestPage));
				assert.deepEqual(await feature.n8n.executionCounts(stored.id), { finished: 0, current: 0 });

				const ended = feature.sandbox.addCalls([
					...Array.from({ length: 120 }, () => ({ status: /** @type {const} */ ('picked') })),
					{ status: 'not_picked' },
					{ status: 'busy' },
				]);
				const running = feature.sandbox.addCalls([{}, {}]);
				const [first] = await feature.n8n.settledExecutions(stored.id, 1, { timeoutMs: 60_000 });
				assert.equal(first.status, 'success');
				assert.deepEqual(nodeJson(first, TRIGGER), await asListed(ended));

				for (const call of running) feature.sandbox.finishCall(call.call_id, { outcome: 'failed' });
				const executions = await feature.n8n.settledExecutions(stored.id, 2, { timeoutMs: 60_000 });
				assert.deepEqual(nodeJson(executions[1], TRIGGER), await asListed(running));

				await nextCheck();
				await nextCheck();
				assert.deepEqual(await feature.n8n.executionCounts(stored.id), { finished: 2, current: 0 });
			} finally {
				await deactivate(stored);
			}
		},
		{ timeoutMs: 180_000 },
	);

	feature.test(
		'a check that OSVI fails on page 2 is a failed execution; the next check brings every call, once',
		async () => {
			const stored = await activeTrigger('e2e: call log, OSVI fails on page 2');
			try {
				const ended = feature.sandbox.addCalls(
					Array.from({ length: 150 }, () => ({ status: /** @type {const} */ ('busy') })),
				);
				// Page 1 passes; page 2 and each of its three retries get 503.
				feature.sandbox.addFault([
					{ kind: 'delay', ms: 0, path: '/v1/calls', times: 1 },
					{ kind: 'status', status: 503, path: '/v1/calls', retryAfterSeconds: 0, times: 4 },
				]);

				const executions = await feature.n8n.settledExecutions(stored.id, 2, { timeoutMs: 90_000 });
				assert.deepEqual(
					executions.map((execution) => execution.status),
					['error', 'success'],
				);
				assert.match(executionError(executions[0]) ?? '', /^OSVI had a problem answering/);
				assert.deepEqual(nodeJson(executions[1], TRIGGER), await asListed(ended));

				await nextCheck();
				assert.equal(successful(await feature.n8n.executions({ workflowId: stored.id })).length, 1);
			} finally {
				await deactivate(stored);
			}
		},
		{ timeoutMs: 180_000 },
	);

	feature.test(
		'the "follow up unanswered calls" example turns each unanswered outbound call into a task',
		async () => {
			const credential = await feature.osviCredential();
			const json = adapt(example('follow-up-unanswered-calls'), { credential });
			const trigger = json.nodes.find((entry) => entry.type === TRIGGER_TYPE);
			assert.ok(trigger, 'the example has no OSVI Call Log Trigger');
			trigger.parameters.pollTimes = EVERY_15_SECONDS;
			const stored = await activated(json);
			try {
				const calls = feature.sandbox.addCalls([
					{ status: 'picked' },
					{ status: 'not_picked', campaignId: 7, campaignUploadId: 19 },
					{ status: 'busy', callType: 'inbound' },
					{ status: 'failed' },
					{ status: 'voicemail' },
				]);
				const [execution] = await feature.n8n.settledExecutions(stored.id, 1, { timeoutMs: 60_000 });
				assert.equal(execution.status, 'success');

				const listed = await asListed([calls[1], calls[3]]);
				const tasks = nodeJson(execution, 'Follow-Up Task');
				assert.deepEqual(
					tasks.map(({ retryAfter: _retryAfter, ...task }) => task),
					listed.map((call) => ({
						callId: call?.call_id,
						phoneNumber: call?.phone_number,
						agentId: call?.agent_uuid,
						outcome: call?.status,
						campaignId: call?.campaign_id,
						calledAt: call?.created_at,
					})),
				);
				assert.deepEqual(
					tasks.map((task) => Date.parse(task.retryAfter)),
					listed.map((call) => Date.parse(String(call?.created_at)) + 2 * 3_600_000),
				);
			} finally {
				await deactivate(stored);
			}
		},
		{ timeoutMs: 120_000 },
	);
});
