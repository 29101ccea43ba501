// @ts-check
// `npm run bench`: how our nodes compare with what n8n users would otherwise build, in one real n8n 2.x with our
// packed tarball installed and the OSVI sandbox adding latency to every request. A benchmark, not a test: it
// prints figures and targets and writes them to build/bench-results.json; it fails only when a workflow fails
// or sends other requests than planned, because then the figures would compare different work.
//   (a) Initiate over 1,000 items   vs  HTTP Request POST /call with Batching (same requests, same parallelism)
//   (b) List, Return All, 10,000    vs  HTTP Request with page-number Pagination (+ Split Out to one item per call)
//   (c) OSVI Trigger, 500 deliveries vs  n8n's Webhook node (Respond Immediately), same n8n server
//   node scripts/bench.mjs [--repeats 3] [--parallelism 10] [--only a,b,c] [--keep]
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { cleanEnv, log, runCommand } from './lib/cache.mjs';
import { createInstance, nodeOutput } from './lib/n8n-instance.mjs';
import { packProject, PROJECT_DIR } from './lib/pack.mjs';

const { values } = parseArgs({
	options: {
		repeats: { type: 'string', default: '3' },
		parallelism: { type: 'string', default: '10' },
		only: { type: 'string', default: 'a,b,c' },
		keep: { type: 'boolean', default: false },
	},
});
const REPEATS = positiveInteger('repeats', values.repeats);
const PARALLELISM = positiveInteger('parallelism', values.parallelism);
const ONLY = new Set(values.only.split(',').map((part) => part.trim()));
if (values.keep) process.env.OSVI_E2E_KEEP = '1';

const LATENCY_MS = 25;
const INITIATE_ITEMS = 1_000;
const LISTED_CALLS = 10_000;
const PAGE_SIZE = 100;
// pageConcurrency of the List operation (nodes/Osvi/actions/call/list.operation.ts): page 1, then 4 at a time.
const OUR_PAGE_CONCURRENCY = 6;
const DELIVERIES = 500;
const DELIVERY_CONCURRENCY = 20;
// Each round of (c) takes 15–45 s on a 2-core machine: two per side, in the order ours, n8n, n8n, ours.
const DELIVERY_ROUNDS = 2;
const WARM_UP_DELIVERIES = 50;
// n8n's HTTP Request node cannot cap requests in flight; Batching starts `batchSize` requests, then waits
// `batchInterval` ms before the next batch. Batches of PARALLELISM every LATENCY_MS keep about PARALLELISM in
// flight; the sandbox measures the real figure for both sides.
const BATCH_INTERVAL_MS = LATENCY_MS;
const TARGETS = { a: 1.0, b: 0.25, c: 1.1 };
const CALLING_NODE = 'Calling Node';
const SPLIT_NODE = 'One Item per Call';

/** @param {string} name @param {string} value */
function positiveInteger(name, value) {
	const number = Number(value);
	if (!Number.isInteger(number) || number < 1)
		throw new Error(`--${name} must be a positive integer`);
	return number;
}

/** @param {number[]} numbers */
function median(numbers) {
	const sorted = [...numbers].sort((x, y) => x - y);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Alternates which side goes first, so that drift on a busy machine hits both sides alike. */
function alternatingOrder(/** @type {number} */ repeats) {
	/** @type {Array<'ours' | 'n8n'>} */
	const order = [];
	for (let round = 0; round < repeats; round++) {
		order.push(
			...(round % 2 === 0
				? /** @type {const} */ (['ours', 'n8n'])
				: /** @type {const} */ (['n8n', 'ours'])),
		);
	}
	return order;
}

/**
 * Watches the sandbox's HTTP server from the outside: when each API request arrived and when its answer was
 * sent, to report how many requests each side really kept in flight.
 * @param {http.Server} server
 */
function observeRequests(server) {
	/** @type {Array<[number, number]>} */
	let spans = [];
	let inFlight = 0;
	let maxInFlight = 0;
	server.on(
		'request',
		(/** @type {http.IncomingMessage} */ req, /** @type {http.ServerResponse} */ res) => {
			if ((req.url ?? '').startsWith('/__sandbox/')) return;
			const start = performance.now();
			inFlight += 1;
			maxInFlight = Math.max(maxInFlight, inFlight);
			res.on('close', () => {
				inFlight -= 1;
				spans.push([start, performance.now()]);
			});
		},
	);
	return {
		reset() {
			spans = [];
			maxInFlight = inFlight;
		},
		stats() {
			if (spans.length === 0) return { requests: 0, spanMs: 0, avgInFlight: 0, maxInFlight: 0 };
			const first = Math.min(...spans.map(([start]) => start));
			const last = Math.max(...spans.map(([, end]) => end));
			const busy = spans.reduce((sum, [start, end]) => sum + (end - start), 0);
			return {
				requests: spans.length,
				spanMs: round(last - first),
				avgInFlight: round(busy / Math.max(1, last - first), 2),
				maxInFlight,
			};
		},
	};
}

/** @param {number} value @param {number} [digits] */
function round(value, digits = 0) {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

async function startObservedSandbox() {
	log('compiling the OSVI sandbox');
	await runCommand('npm', ['run', 'build:sandbox'], { cwd: PROJECT_DIR, env: cleanEnv() });
	const require = createRequire(import.meta.url);
	const { startSandbox } = require('../build/sandbox/server.js');
	// The sandbox keeps its server to itself; catch it as it is created to watch its requests.
	const createServer = http.createServer;
	/** @type {http.Server | undefined} */
	let server;
	http.createServer = (...args) => {
		const created = createServer(...args);
		server ??= created;
		return created;
	};
	let sandbox;
	try {
		sandbox = await startSandbox({ callCount: LISTED_CALLS, latencyMs: LATENCY_MS });
	} finally {
		http.createServer = createServer;
	}
	if (!server) throw new Error('Could not observe the sandbox server');
	return { sandbox, observer: observeRequests(server) };
}

// ── Workflows ────────────────────────────────────────────────────────────────────────────────────────────────

/** @param {string} name @param {string} type @param {number} typeVersion @param {number} x @param {Record<string, unknown>} parameters @param {Record<string, unknown>} [extra] */
function node(name, type, typeVersion, x, parameters, extra = {}) {
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

/** @param {string[]} names */
function chain(names) {
	/** @type {Record<string, unknown>} */
	const connections = {};
	for (let index = 0; index + 1 < names.length; index++) {
		connections[names[index]] = { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/** @param {string} name @param {Array<Record<string, any>>} nodes */
function workflow(name, nodes) {
	return {
		name,
		nodes,
		connections: chain(nodes.map((entry) => entry.name)),
		settings: { executionOrder: 'v1' },
	};
}

/** Manual trigger → Set (1,000 rows as JSON) → Split Out: the same 1,000 items for both sides of (a). */
function rowNodes() {
	const rows = Array.from({ length: INITIATE_ITEMS }, (_, index) => ({
		// Already in OSVI's form (national digits), so that both sides send byte-for-byte the same body.
		phone: `98765${String(index).padStart(5, '0')}`,
		name: `Contact ${index + 1}`,
	}));
	return [
		node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
		node('Rows', 'n8n-nodes-base.set', 3.4, 200, {
			mode: 'raw',
			jsonOutput: JSON.stringify({ rows }),
			options: {},
		}),
		node('One Item per Row', 'n8n-nodes-base.splitOut', 1, 400, {
			fieldToSplitOut: 'rows',
			options: {},
		}),
	];
}

/**
 * @param {{ osvi: { id: string, name: string }, header: { id: string, name: string } }} credentials
 * @param {string} sandboxUrl
 * @param {string} agentId
 */
function benchWorkflows(credentials, sandboxUrl, agentId) {
	const osviCredentials = { osviApi: credentials.osvi };
	const headerCredentials = { httpHeaderAuth: credentials.header };
	const headerAuth = { authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' };
	const oursWebhookId = randomUUID();
	const n8nWebhookId = randomUUID();
	return {
		initiateOurs: workflow('bench (a): OSVI Initiate', [
			...rowNodes(),
			node(
				CALLING_NODE,
				'n8n-nodes-osvi.osvi',
				1,
				600,
				{
					resource: 'call',
					operation: 'initiate',
					agentId: { __rl: true, mode: 'id', value: agentId },
					phoneNumber: '={{ $json.phone }}',
					countryCode: 'IN',
					additionalFields: { personName: '={{ $json.name }}' },
					options: { concurrency: PARALLELISM },
				},
				{ credentials: osviCredentials },
			),
		]),
		initiateN8n: workflow('bench (a): HTTP Request POST /call', [
			...rowNodes(),
			node(
				CALLING_NODE,
				'n8n-nodes-base.httpRequest',
				4.5,
				600,
				{
					method: 'POST',
					url: `${sandboxUrl}/call`,
					...headerAuth,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: `={{ JSON.stringify({ agent_uuid: ${JSON.stringify(agentId)}, phone_number: $json.phone, country_code: 'IN', person_name: $json.name }) }}`,
					options: {
						batching: { batch: { batchSize: PARALLELISM, batchInterval: BATCH_INTERVAL_MS } },
					},
				},
				{ credentials: headerCredentials },
			),
		]),
		listOurs: workflow('bench (b): OSVI List, Return All', [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
			node(
				CALLING_NODE,
				'n8n-nodes-osvi.osvi',
				1,
				200,
				{ resource: 'call', operation: 'list', returnAll: true, filters: {}, options: {} },
				{ credentials: osviCredentials },
			),
		]),
		listN8n: workflow('bench (b): HTTP Request with pagination + Split Out', [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
			node(
				CALLING_NODE,
				'n8n-nodes-base.httpRequest',
				4.5,
				200,
				{
					method: 'GET',
					url: `${sandboxUrl}/v1/calls`,
					...headerAuth,
					sendQuery: true,
					queryParameters: { parameters: [{ name: 'per_page', value: String(PAGE_SIZE) }] },
					options: {
						pagination: {
							pagination: {
								paginationMode: 'updateAParameterInEachRequest',
								parameters: {
									parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }],
								},
								paginationCompleteWhen: 'other',
								completeExpression:
									'={{ $response.body.meta.current_page >= $response.body.meta.total_pages }}',
							},
						},
					},
				},
				{ credentials: headerCredentials },
			),
			node(SPLIT_NODE, 'n8n-nodes-base.splitOut', 1, 400, { fieldToSplitOut: 'data', options: {} }),
		]),
		triggerOurs: {
			webhookPath: `${oursWebhookId}/webhook`,
			workflow: workflow('bench (c): OSVI Trigger', [
				node(
					'Trigger',
					'n8n-nodes-osvi.osviTrigger',
					1,
					0,
					{ httpMethod: 'POST', authentication: 'none', callStatus: [] },
					{ webhookId: oursWebhookId },
				),
			]),
		},
		triggerN8n: {
			// Same URL shape as the OSVI Trigger's production URL: /webhook/<uuid>/webhook.
			webhookPath: `${n8nWebhookId}/webhook`,
			workflow: workflow('bench (c): n8n Webhook', [
				node(
					'Trigger',
					'n8n-nodes-base.webhook',
					2.1,
					0,
					{
						httpMethod: 'POST',
						path: `${n8nWebhookId}/webhook`,
						responseMode: 'onReceived',
						options: {},
					},
					{ webhookId: n8nWebhookId },
				),
			]),
		},
	};
}

// ── Measurements ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * @param {any} run
 * @param {string} nodeName
 */
function nodeTime(run, nodeName) {
	const task = run?.data?.resultData?.runData?.[nodeName]?.[0];
	if (typeof task?.executionTime !== 'number') throw new Error(`No executionTime for ${nodeName}`);
	return task.executionTime;
}

/** Sorted JSON of each POST /call body, to check that both sides of (a) sent the same requests. */
function requestFingerprint(
	/** @type {Array<{ method: string, path: string, body: unknown, headers: Record<string, string> }>} */ requests,
) {
	return requests
		.map((request) =>
			JSON.stringify([
				request.method,
				request.path,
				request.headers['api-token'],
				Object.fromEntries(Object.entries(/** @type {object} */ (request.body ?? {})).sort()),
			]),
		)
		.sort()
		.join('\n');
}

/**
 * Runs one (a) or (b) workflow with `n8n execute` and reads the times from its run data.
 * @param {import('./lib/n8n-instance.mjs').N8nInstance} instance
 * @param {{ sandbox: any, observer: ReturnType<typeof observeRequests> }} target
 * @param {string} workflowId
 * @param {string} label
 * @param {{ splitNode?: string, expectedRequests: number, expectedItems: number }} expect
 */
async function executeOnce(instance, target, workflowId, label, expect) {
	target.sandbox.reset();
	target.observer.reset();
	const result = await instance.execute(workflowId, { timeoutMs: 300_000 });
	if (!result.ok) throw new Error(`${label} failed: ${result.errorMessage}`);
	const requests = target.sandbox.requests();
	const traffic = target.observer.stats();
	if (requests.length !== expect.expectedRequests || traffic.requests !== expect.expectedRequests) {
		throw new Error(
			`${label} sent ${requests.length} requests, expected ${expect.expectedRequests}`,
		);
	}
	const lastNode = expect.splitNode ?? CALLING_NODE;
	const items = nodeOutput(result.run, lastNode);
	if (items.length !== expect.expectedItems) {
		throw new Error(`${label} returned ${items.length} items, expected ${expect.expectedItems}`);
	}
	const callingMs = nodeTime(result.run, CALLING_NODE);
	const splitMs = expect.splitNode ? nodeTime(result.run, expect.splitNode) : 0;
	const sample = {
		nodeMs: callingMs + splitMs,
		callingNodeMs: callingMs,
		splitMs,
		executeMs: result.durationMs,
		...traffic,
	};
	log(
		`  ${label}: node ${callingMs} ms${expect.splitNode ? ` + split ${splitMs} ms` : ''}, n8n execute ${result.durationMs} ms, ` +
			`${traffic.requests} requests over ${traffic.spanMs} ms, ${traffic.avgInFlight} in flight on average (max ${traffic.maxInFlight})`,
	);
	return { sample, requests, items };
}

/**
 * @param {import('./lib/n8n-instance.mjs').N8nInstance} instance
 * @param {{ sandbox: any, observer: ReturnType<typeof observeRequests> }} target
 * @param {{ ours: string, n8n: string }} ids
 * @param {{ name: string, expectedRequests: number, expectedItems: number, n8nSplitNode?: string }} plan
 */
async function compareExecutions(instance, target, ids, plan) {
	/** @type {{ ours: any[], n8n: any[] }} */
	const samples = { ours: [], n8n: [] };
	/** @type {{ ours?: any, n8n?: any }} */
	const firstRun = {};
	for (const side of alternatingOrder(REPEATS)) {
		const { sample, requests, items } = await executeOnce(
			instance,
			target,
			ids[side],
			`${plan.name}, ${side}`,
			{
				expectedRequests: plan.expectedRequests,
				expectedItems: plan.expectedItems,
				splitNode: side === 'n8n' ? plan.n8nSplitNode : undefined,
			},
		);
		samples[side].push(sample);
		firstRun[side] ??= { requests, items };
	}
	return { samples, firstRun };
}

/** @param {any[]} samples */
function summarize(samples) {
	/** @type {Record<string, number>} */
	const summary = {};
	for (const key of Object.keys(samples[0]))
		summary[key] = median(samples.map((sample) => sample[key]));
	return summary;
}

/**
 * Sends `count` POSTs to a webhook, `concurrency` at a time, and resolves when all were answered.
 * @param {string} url
 * @param {number} count
 * @param {number} concurrency
 * @param {string} tag
 */
async function deliver(url, count, concurrency, tag) {
	let next = 0;
	/** @type {Record<number, number>} */
	const statuses = {};
	async function worker() {
		while (next < count) {
			const index = next++;
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					call_log_id: `${tag}-${index}`,
					agent_uuid: 'agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og',
					agent_name: 'Appointment Reminder',
					phone_number: `+9198765${String(index).padStart(5, '0')}`,
					chat: 'Agent: Hello, this is a reminder…\nUser: Yes, I will be there.',
					call_status: 'picked',
					executionMode: 'prod',
				}),
			});
			await response.arrayBuffer();
			statuses[response.status] = (statuses[response.status] ?? 0) + 1;
		}
	}
	await Promise.all(Array.from({ length: concurrency }, worker));
	return statuses;
}

/**
 * Finished executions of a workflow, counted by n8n's own executions list (the editor's REST API).
 * @param {import('./lib/n8n-instance.mjs').N8nInstance} instance
 * @param {string} workflowId
 */
async function finishedCount(instance, workflowId) {
	const filter = JSON.stringify({ workflowId, status: ['success', 'error', 'crashed'] });
	const body = await instance.rest(
		'GET',
		`/executions?filter=${encodeURIComponent(filter)}&limit=1`,
	);
	return Number(body.data.count);
}

/**
 * startedAt/stoppedAt of a workflow's executions that started at or after `sinceMs` (public API, paged).
 * @param {import('./lib/n8n-instance.mjs').N8nInstance} instance
 * @param {string} workflowId
 * @param {number} sinceMs
 */
async function executionTimes(instance, workflowId, sinceMs) {
	/** @type {Array<{ startedMs: number, stoppedMs: number, status: string }>} */
	const times = [];
	let cursor = '';
	for (;;) {
		const query = new URLSearchParams({ workflowId, includeData: 'false', limit: '250' });
		if (cursor) query.set('cursor', cursor);
		const body = await instance.api('GET', `/executions?${query}`);
		let older = false;
		for (const execution of body.data) {
			const startedMs = Date.parse(execution.startedAt);
			if (startedMs < sinceMs) {
				older = true;
				continue;
			}
			times.push({
				startedMs,
				stoppedMs: Date.parse(execution.stoppedAt),
				status: execution.status,
			});
		}
		if (older || !body.nextCursor) return times;
		cursor = body.nextCursor;
	}
}

/**
 * Waits until a workflow has `count` finished executions more than `before`.
 * @param {import('./lib/n8n-instance.mjs').N8nInstance} instance
 * @param {string} workflowId
 * @param {number} before
 * @param {number} count
 */
async function waitForFinished(instance, workflowId, before, count) {
	const deadline = Date.now() + 180_000;
	for (;;) {
		const finished = (await finishedCount(instance, workflowId)) - before;
		if (finished >= count) return;
		if (Date.now() > deadline)
			throw new Error(`${finished} of ${count} executions of ${workflowId} finished after 180 s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * CPU time (user + system, ms) used so far by every process of a process group: n8n, its task runner and the
 * threads of its expression isolates. Less sensitive to a busy machine than wall time; Linux only (else NaN).
 * @param {number} groupId
 */
function groupCpuMs(groupId) {
	if (!existsSync('/proc/self/stat')) return Number.NaN;
	let ticks = 0;
	for (const pid of readdirSync('/proc')) {
		if (!/^\d+$/.test(pid)) continue;
		let stat;
		try {
			stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		} catch {
			continue; // The process ended meanwhile.
		}
		// Fields after "(comm)": state ppid pgrp … utime(12th) stime(13th), in clock ticks (100 per second on Linux).
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) === groupId) ticks += Number(fields[11]) + Number(fields[12]);
	}
	return ticks * 10;
}

/**
 * One round of (c): 500 deliveries to one webhook, then waits until n8n has finished all their executions.
 * @param {import('./lib/n8n-instance.mjs').N8nInstance} instance
 * @param {{ id: string, webhookPath: string }} trigger
 * @param {string} label
 */
async function deliveryRound(instance, trigger, label) {
	const groupId = Number(
		readFileSync(/** @type {{ pidFile: string }} */ (instance.server).pidFile, 'utf8'),
	);
	const before = await finishedCount(instance, trigger.id);
	const cpuBefore = groupCpuMs(groupId);
	// executions' timestamps have millisecond precision; the start is taken a little early to include the first.
	const started = Date.now();
	const statuses = await deliver(
		`${instance.baseUrl}/webhook/${trigger.webhookPath}`,
		DELIVERIES,
		DELIVERY_CONCURRENCY,
		`${label}-${started}`,
	);
	const answeredMs = Date.now() - started;
	if (statuses[200] !== DELIVERIES)
		throw new Error(`${label}: answers ${JSON.stringify(statuses)}`);
	await waitForFinished(instance, trigger.id, before, DELIVERIES);
	const polledMs = Date.now() - started;
	const cpuMs = groupCpuMs(groupId) - cpuBefore;
	const times = await executionTimes(instance, trigger.id, started - 5);
	const failed = times.filter((time) => time.status !== 'success').length;
	if (times.length !== DELIVERIES || failed > 0) {
		throw new Error(`${label}: ${times.length} executions found, ${failed} not successful`);
	}
	const doneMs = Math.max(...times.map((time) => time.stoppedMs)) - started;
	const sample = {
		doneMs,
		answeredMs,
		polledMs,
		cpuMs,
		cpuPerExecutionMs: round(cpuMs / DELIVERIES, 1),
	};
	log(
		`  ${label}: ${DELIVERIES} answered after ${answeredMs} ms, all executions finished after ${doneMs} ms ` +
			`(seen by polling at ${polledMs} ms); n8n used ${cpuMs} ms of CPU, ${sample.cpuPerExecutionMs} ms per execution`,
	);
	return sample;
}

/**
 * Starts n8n with both trigger workflows published, warms both up, then measures delivery rounds in
 * alternating order, and stops n8n again.
 */
async function measureTriggers(instance, triggers, label) {
	await instance.start();
	await instance.waitForWebhook(triggers.ours.webhookPath, { method: 'POST' });
	await instance.waitForWebhook(triggers.n8n.webhookPath, { method: 'POST' });
	await instance.setupOwner();
	await instance.createApiKey();
	// Unmeasured deliveries to both first: a fresh n8n is slower for a while (JIT, caches, start-up work).
	for (const side of /** @type {const} */ (['ours', 'n8n'])) {
		const before = await finishedCount(instance, triggers[side].id);
		await deliver(
			`${instance.baseUrl}/webhook/${triggers[side].webhookPath}`,
			WARM_UP_DELIVERIES,
			DELIVERY_CONCURRENCY,
			'warm-up',
		);
		await waitForFinished(instance, triggers[side].id, before, WARM_UP_DELIVERIES);
	}
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	/** @type {{ ours: any[], n8n: any[] }} */
	const samples = { ours: [], n8n: [] };
	for (const side of alternatingOrder(DELIVERY_ROUNDS)) {
		samples[side].push(await deliveryRound(instance, triggers[side], `${label}, ${side}`));
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
	await instance.stop();
	return { samples, ours: summarize(samples.ours), n8n: summarize(samples.n8n) };
}

// ── Output ───────────────────────────────────────────────────────────────────────────────────────────────────

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

/**
 * @param {Array<{ label: string, ours: number, n8n: number, target?: number, unit?: 'ms' }>} rows
 */
function table(rows) {
	const format = (/** @type {number} */ value, /** @type {'ms' | undefined} */ unit) =>
		unit === 'ms' ? `${value.toFixed(1)} ms` : seconds(value);
	const header = ['benchmark', 'ours', 'n8n built-in', 'ratio', 'target', ''];
	const body = rows.map((row) => {
		const ratio = row.ours / row.n8n;
		return [
			row.label,
			format(row.ours, row.unit),
			format(row.n8n, row.unit),
			ratio.toFixed(2),
			row.target === undefined ? '' : `≤ ${row.target.toFixed(2)}`,
			row.target === undefined ? '' : ratio <= row.target ? 'met' : 'MISSED',
		];
	});
	const widths = header.map((title, column) =>
		Math.max(title.length, ...body.map((cells) => cells[column].length)),
	);
	return [header, ...body]
		.map((cells) =>
			cells
				.map((cell, column) => cell.padEnd(widths[column]))
				.join('   ')
				.trimEnd(),
		)
		.join('\n');
}

// ── Main ─────────────────────────────────────────────────────────────────────────────────────────────────────

const startedAt = Date.now();
const environment = {
	date: new Date().toISOString(),
	cpus: cpus().length,
	cpuModel: cpus()[0]?.model,
	loadAverageAtStart: loadavg().map((load) => round(load, 2)),
	benchNode: process.version,
};
log(`load average ${environment.loadAverageAtStart.join(', ')} on ${environment.cpus} CPUs`);

const tarball = await packProject();
const { sandbox, observer } = await startObservedSandbox();
const target = { sandbox, observer };
const agentId = sandbox
	.snapshot()
	.agents.find((/** @type {{ archived: boolean }} */ agent) => !agent.archived).agent_id;
const instance = await createInstance({ major: 2 });
log(
	`n8n ${instance.version} on Node ${instance.install.nodeVersion}, instance folder ${instance.userFolder}`,
);

/** @type {Record<string, any>} */
const results = {};
try {
	await instance.installPackage(tarball);
	const credentials = {
		osvi: { id: 'benchOsviCred001', name: 'OSVI Sandbox' },
		header: { id: 'benchHeaderCred1', name: 'OSVI API-Token header' },
	};
	await instance.importCredentials([
		{
			...credentials.osvi,
			type: 'osviApi',
			data: { apiToken: sandbox.token, baseUrl: sandbox.url },
		},
		{
			...credentials.header,
			type: 'httpHeaderAuth',
			data: { name: 'API-Token', value: sandbox.token },
		},
	]);
	const workflows = benchWorkflows(credentials, sandbox.url, agentId);
	const [initiateOurs, initiateN8n, listOurs, listN8n, triggerOurs, triggerN8n] =
		await instance.importWorkflows([
			workflows.initiateOurs,
			workflows.initiateN8n,
			workflows.listOurs,
			workflows.listN8n,
			workflows.triggerOurs.workflow,
			workflows.triggerN8n.workflow,
		]);

	if (ONLY.has('a')) {
		log(
			`(a) Initiate over ${INITIATE_ITEMS} items, ${PARALLELISM} at a time, ${REPEATS}× each side`,
		);
		const { samples, firstRun } = await compareExecutions(
			instance,
			target,
			{ ours: initiateOurs, n8n: initiateN8n },
			{ name: '(a)', expectedRequests: INITIATE_ITEMS, expectedItems: INITIATE_ITEMS },
		);
		if (requestFingerprint(firstRun.ours.requests) !== requestFingerprint(firstRun.n8n.requests)) {
			throw new Error('(a): the two workflows sent different POST /call requests');
		}
		results.a = { samples, ours: summarize(samples.ours), n8n: summarize(samples.n8n) };
	}

	if (ONLY.has('b')) {
		const pages = LISTED_CALLS / PAGE_SIZE;
		log(`(b) List Return All over ${LISTED_CALLS} calls (${pages} pages), ${REPEATS}× each side`);
		const { samples, firstRun } = await compareExecutions(
			instance,
			target,
			{ ours: listOurs, n8n: listN8n },
			{
				name: '(b)',
				expectedRequests: pages,
				expectedItems: LISTED_CALLS,
				n8nSplitNode: SPLIT_NODE,
			},
		);
		const ids = (/** @type {Array<{ call_id: string }>} */ items) =>
			items.map((item) => item.call_id).join(',');
		if (ids(firstRun.ours.items) !== ids(firstRun.n8n.items)) {
			throw new Error('(b): the two workflows returned different calls');
		}
		results.b = { samples, ours: summarize(samples.ours), n8n: summarize(samples.n8n) };
	}

	if (ONLY.has('c')) {
		log(
			`(c) ${DELIVERIES} webhook deliveries, ${DELIVERY_CONCURRENCY} at a time, ${DELIVERY_ROUNDS}× each side`,
		);
		await instance.publish(triggerOurs);
		await instance.publish(triggerN8n);
		const triggers = {
			ours: { id: triggerOurs, webhookPath: workflows.triggerOurs.webhookPath },
			n8n: { id: triggerN8n, webhookPath: workflows.triggerN8n.webhookPath },
		};
		results.c = await measureTriggers(instance, triggers, '(c)');
		// n8n 2.x evaluates expressions of every trigger but its own Webhook node in a fresh isolate per
		// request; the legacy engine shows what the two triggers cost without that difference.
		instance.extraEnv = { ...instance.extraEnv, N8N_EXPRESSION_ENGINE: 'legacy' };
		results.cLegacy = await measureTriggers(instance, triggers, '(c, legacy engine)');
	}
} finally {
	await instance.dispose();
	await sandbox.close();
	rmSync(dirname(tarball), { recursive: true, force: true });
}

/** @type {Array<{ key: string, label: string, ours: number, n8n: number, target?: number, unit?: 'ms' }>} */
const rows = [];
if (results.a) {
	const { ours, n8n } = results.a;
	rows.push(
		{
			key: 'a.node',
			label: `(a) Initiate ${INITIATE_ITEMS.toLocaleString('en')} calls, node`,
			ours: ours.nodeMs,
			n8n: n8n.nodeMs,
			target: TARGETS.a,
		},
		{ key: 'a.execute', label: '    whole n8n execute', ours: ours.executeMs, n8n: n8n.executeMs },
	);
}
if (results.b) {
	const { ours, n8n } = results.b;
	rows.push(
		{
			key: 'b.node',
			label: `(b) List ${LISTED_CALLS.toLocaleString('en')} calls, node (+ Split Out)`,
			ours: ours.nodeMs,
			n8n: n8n.nodeMs,
			target: TARGETS.b,
		},
		{
			key: 'b.nodeWithoutSplit',
			label: '    without the Split Out',
			ours: ours.callingNodeMs,
			n8n: n8n.callingNodeMs,
		},
		{ key: 'b.execute', label: '    whole n8n execute', ours: ours.executeMs, n8n: n8n.executeMs },
	);
}
if (results.c) {
	const { ours, n8n } = results.c;
	rows.push(
		{
			key: 'c.done',
			label: `(c) Trigger ${DELIVERIES} deliveries, all done`,
			ours: ours.doneMs,
			n8n: n8n.doneMs,
			target: TARGETS.c,
		},
		{ key: 'c.answered', label: '    all answered', ours: ours.answeredMs, n8n: n8n.answeredMs },
		{
			key: 'c.cpuPerExecution',
			label: '    n8n CPU per execution',
			ours: ours.cpuPerExecutionMs,
			n8n: n8n.cpuPerExecutionMs,
			unit: 'ms',
		},
	);
}
if (results.cLegacy) {
	const { ours, n8n } = results.cLegacy;
	rows.push(
		{
			key: 'cLegacy.done',
			label: '    same, N8N_EXPRESSION_ENGINE=legacy',
			ours: ours.doneMs,
			n8n: n8n.doneMs,
		},
		{
			key: 'cLegacy.cpuPerExecution',
			label: '    n8n CPU per execution, legacy',
			ours: ours.cpuPerExecutionMs,
			n8n: n8n.cpuPerExecutionMs,
			unit: 'ms',
		},
	);
}

/** What (b) would measure if every request cost the same on both sides: round trips, ours / n8n's. */
function pageBound() {
	const pages = LISTED_CALLS / PAGE_SIZE;
	const ourRoundTrips = 1 + Math.ceil((pages - 1) / OUR_PAGE_CONCURRENCY);
	return (
		`(b) at equal cost per request the ratio cannot go below ${ourRoundTrips} / ${pages} round trips = ` +
		`${(ourRoundTrips / pages).toFixed(2)}`
	);
}

const traffic = (/** @type {'a' | 'b'} */ key) =>
	results[key]
		? `(${key}) requests in flight at the sandbox: ours ${results[key].ours.avgInFlight} on average (max ${results[key].ours.maxInFlight}), ` +
			`n8n ${results[key].n8n.avgInFlight} (max ${results[key].n8n.maxInFlight}); ` +
			`first request to last answer ${seconds(results[key].ours.spanMs)} vs ${seconds(results[key].n8n.spanMs)}\n`
		: '';
process.stdout.write(
	`\nn8n ${instance.version} on Node ${instance.install.nodeVersion}, ${environment.cpus} CPUs, ` +
		`sandbox latency ${LATENCY_MS} ms per request; (a), (b): medians of ${REPEATS} runs per side, order alternated\n` +
		`(a) parallelism ${PARALLELISM}: Concurrent Calls ${PARALLELISM} vs HTTP Request Batching ${PARALLELISM} items per ${BATCH_INTERVAL_MS} ms\n` +
		`(b) ours: page 1, then ${OUR_PAGE_CONCURRENCY} pages at a time; n8n: Pagination page={{ $pageCount + 1 }}, per_page=${PAGE_SIZE}, one page at a time\n` +
		`(c) ${DELIVERIES} POSTs, ${DELIVERY_CONCURRENCY} at a time, medians of ${DELIVERY_ROUNDS} rounds per side; ` +
		`"all done" = the last execution's stoppedAt\n\n` +
		`${table(rows)}\n\n` +
		traffic('a') +
		traffic('b') +
		(results.b ? `${pageBound()}\n` : ''),
);

const output = {
	environment: { ...environment, n8n: instance.version, n8nNode: instance.install.nodeVersion },
	config: {
		latencyMs: LATENCY_MS,
		repeats: REPEATS,
		parallelism: PARALLELISM,
		batchIntervalMs: BATCH_INTERVAL_MS,
		initiateItems: INITIATE_ITEMS,
		listedCalls: LISTED_CALLS,
		pageSize: PAGE_SIZE,
		deliveries: DELIVERIES,
		deliveryConcurrency: DELIVERY_CONCURRENCY,
		deliveryRounds: DELIVERY_ROUNDS,
		warmUpDeliveries: WARM_UP_DELIVERIES,
	},
	targets: TARGETS,
	ratios: Object.fromEntries(rows.map((row) => [row.key, round(row.ours / row.n8n, 3)])),
	results,
	totalMs: Date.now() - startedAt,
};
const resultsDir = join(PROJECT_DIR, 'build');
mkdirSync(resultsDir, { recursive: true });
const resultsFile = join(resultsDir, 'bench-results.json');
writeFileSync(resultsFile, `${JSON.stringify(output, null, 2)}\n`);
process.stdout.write(`Results: ${resultsFile} (total ${seconds(output.totalMs)})\n`);
