// @ts-check
// `npm run bench`: how our nodes compare with what n8n users would otherwise build, in one real n8n 2.x with our
// packed tarball installed and the OSVI sandbox adding latency to every request. A benchmark, not a test: it
// prints figures and targets and writes them to build/bench-results.json; it fails only when a workflow fails
// or sends other requests than planned, because then the figures would compare different work.
//   (a) Initiate over 1,000 items   vs  HTTP Request POST /call with Batching (same requests, same parallelism)
//   (b) List, Return All, 10,000    vs  HTTP Request with page-number Pagination (+ Split Out to one item per call)
//   (c) OSVI Trigger, 500 deliveries vs  n8n's Webhook node (Respond Immediately), same n8n server
//   (d) 10,000 people through Campaign → Add Contacts (Enqueue) vs the same people through Initiate (bench-campaign.mjs)
//   (e) Initiate and Wait over 200 calls of 30 s: wall time vs ideal, reads per call, n8n's memory (bench-wait.mjs)
//   (f) OSVI Trigger, 500 deliveries in queue mode vs regular mode, and vs n8n's Webhook node in queue mode (bench-queue.mjs)
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import {
	callEachRow,
	createInstance,
	loadSandbox,
	log,
	mapPool,
	n8nWebhookTrigger,
	node,
	nodeExecutionTime,
	nodeJson,
	osviNode,
	osviTrigger,
	packPackage,
	PROJECT_DIR,
	rowItems,
	runnableWorkflow,
	webhookOf,
	workflow,
} from './lib/index.mjs';
import { CAMPAIGN_CONTACTS, campaignReport, campaignWorkflows, measureCampaign } from './bench-campaign.mjs';
import { measureWait, WAIT_ITEMS, waitReport, waitWorkflows } from './bench-wait.mjs';
import { deliveryBody, measureQueueDeliveries, QUEUE_DELIVERIES, queueReport } from './bench-queue.mjs';

/** @typedef {import('./lib/index.mjs').N8nInstance} N8nInstance */
/** @typedef {import('./lib/index.mjs').StoredWorkflow} StoredWorkflow */
/** @typedef {import('./lib/index.mjs').Sandbox} Sandbox */
/** @typedef {import('./lib/index.mjs').CredentialRef} CredentialRef */

const USAGE = `Usage: npm run bench -- [options]

  --repeats <n>       runs per side of (a) and (b) (default 3)
  --parallelism <n>   calls in flight for (a), on both sides (default 10)
  --only <list>       which benchmarks, e.g. a,b (default a,b,c,d,e,f)
  --keep              keep the n8n instance folder (its logs) afterwards
  --help              show this text

Needs about 4 minutes once n8n is cached; prints a table and writes build/bench-results.json.`;

const { values } = parseArgs({
	options: {
		repeats: { type: 'string', default: '3' },
		parallelism: { type: 'string', default: '10' },
		only: { type: 'string', default: 'a,b,c,d,e,f' },
		keep: { type: 'boolean', default: false },
		help: { type: 'boolean', default: false },
	},
});
if (values.help) {
	process.stdout.write(`${USAGE}\n`);
	process.exit(0);
}
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
	for (let turn = 0; turn < repeats; turn++) {
		order.push(
			...(turn % 2 === 0
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

/**
 * Compiles and starts the sandbox with the benchmark's calls and latency, and watches its HTTP server.
 * @returns {Promise<{ sandbox: Sandbox, observer: ReturnType<typeof observeRequests> }>}
 */
async function startObservedSandbox() {
	const { startSandbox } = await loadSandbox();
	// The sandbox keeps its servers to itself; catch them as they are created, and watch the one of its API.
	const createServer = http.createServer;
	/** @type {http.Server[]} */
	const servers = [];
	/** @param {unknown[]} args */
	const observed = (...args) => {
		const created = /** @type {http.Server} */ (Reflect.apply(createServer, http, args));
		servers.push(created);
		return created;
	};
	http.createServer = /** @type {typeof http.createServer} */ (observed);
	let sandbox;
	try {
		sandbox = await startSandbox({ callCount: LISTED_CALLS, latencyMs: LATENCY_MS });
	} finally {
		http.createServer = createServer;
	}
	const port = sandbox.port;
	const api = servers.find((server) => {
		const address = server.address();
		return typeof address === 'object' && address?.port === port;
	});
	if (!api) throw new Error(`Could not observe the sandbox server on port ${port}`);
	return { sandbox, observer: observeRequests(api) };
}

// ── Workflows ────────────────────────────────────────────────────────────────────────────────────────────────

/** Set (1,000 rows as JSON) → Split Out: the same 1,000 items for both sides of (a). */
function rowNodes() {
	const rows = Array.from({ length: INITIATE_ITEMS }, (_, index) => ({
		// Already in OSVI's form (national digits), so that both sides send byte-for-byte the same body.
		phone: `98765${String(index).padStart(5, '0')}`,
		name: `Contact ${index + 1}`,
	}));
	return rowItems(rows);
}

/**
 * @param {{ osvi: CredentialRef, header: CredentialRef }} credentials
 * @param {string} sandboxUrl
 * @param {string} agentId
 */
function benchWorkflows(credentials, sandboxUrl, agentId) {
	const headerCredentials = { credentials: { httpHeaderAuth: credentials.header }, typeVersion: 4.5 };
	const headerAuth = { authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth' };
	return {
		initiateOurs: runnableWorkflow('bench (a): OSVI Initiate', [
			...rowNodes(),
			callEachRow(CALLING_NODE, { operation: 'initiate', agentId, options: { concurrency: PARALLELISM } }, credentials.osvi),
		]),
		initiateN8n: runnableWorkflow('bench (a): HTTP Request POST /call', [
			...rowNodes(),
			node(
				CALLING_NODE,
				'n8n-nodes-base.httpRequest',
				{
					method: 'POST',
					url: `${sandboxUrl}/call`,
					...headerAuth,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: `={{ JSON.stringify({ agent_uuid: ${JSON.stringify(agentId)}, phone_number: $json.phone, country_code: 'IN', person_name: $json.name }) }}`,
					options: { batching: { batch: { batchSize: PARALLELISM, batchInterval: BATCH_INTERVAL_MS } } },
				},
				headerCredentials,
			),
		]),
		listOurs: runnableWorkflow('bench (b): OSVI List, Return All', [
			osviNode(
				CALLING_NODE,
				{ resource: 'call', operation: 'list', returnAll: true, filters: {}, options: {} },
				credentials.osvi,
			),
		]),
		listN8n: runnableWorkflow('bench (b): HTTP Request with pagination + Split Out', [
			node(
				CALLING_NODE,
				'n8n-nodes-base.httpRequest',
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
								parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] },
								paginationCompleteWhen: 'other',
								completeExpression: '={{ $response.body.meta.current_page >= $response.body.meta.total_pages }}',
							},
						},
					},
				},
				headerCredentials,
			),
			node(SPLIT_NODE, 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'data', options: {} }),
		]),
		triggerOurs: workflow('bench (c): OSVI Trigger', [
			osviTrigger('Trigger', { httpMethod: 'POST', authentication: 'none', callStatus: [] }),
		]),
		triggerN8n: workflow('bench (c): n8n Webhook', [n8nWebhookTrigger('Trigger')]),
	};
}

// ── Measurements ─────────────────────────────────────────────────────────────────────────────────────────────

/** @typedef {{ sandbox: Sandbox, observer: ReturnType<typeof observeRequests> }} Target */
/** @typedef {Record<string, number>} Sample */

/**
 * Sorted JSON of each POST /call body, to check that both sides of (a) sent the same requests.
 * @param {Array<{ method: string, path: string, body: unknown, headers: Record<string, string> }>} requests
 */
function requestFingerprint(requests) {
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
 * Runs one (a) or (b) workflow in n8n and reads the times from its run data.
 * @param {N8nInstance} instance
 * @param {Target} target
 * @param {StoredWorkflow} stored
 * @param {string} label
 * @param {{ splitNode?: string, expectedRequests: number, expectedItems: number }} expect
 */
async function runOnce(instance, target, stored, label, expect) {
	target.sandbox.reset();
	target.observer.reset();
	const execution = await instance.run(stored, { timeoutMs: 300_000 });
	if (execution.status !== 'success') throw new Error(`${label} ended "${execution.status}"`);
	const requests = target.sandbox.requests();
	const traffic = target.observer.stats();
	if (requests.length !== expect.expectedRequests || traffic.requests !== expect.expectedRequests) {
		throw new Error(
			`${label} sent ${requests.length} requests (the sandbox's server saw ${traffic.requests}), expected ${expect.expectedRequests}`,
		);
	}
	const items = nodeJson(execution, expect.splitNode ?? CALLING_NODE);
	if (items.length !== expect.expectedItems) {
		throw new Error(`${label} returned ${items.length} items, expected ${expect.expectedItems}`);
	}
	const callingMs = nodeExecutionTime(execution, CALLING_NODE);
	const splitMs = expect.splitNode ? nodeExecutionTime(execution, expect.splitNode) : 0;
	const executionMs = Date.parse(execution.stoppedAt ?? '') - Date.parse(execution.startedAt);
	/** @type {Sample} */
	const sample = { nodeMs: callingMs + splitMs, callingNodeMs: callingMs, splitMs, executionMs, ...traffic };
	log(
		`  ${label}: node ${callingMs} ms${expect.splitNode ? ` + split ${splitMs} ms` : ''}, whole execution ${executionMs} ms, ` +
			`${traffic.requests} requests over ${traffic.spanMs} ms, ${traffic.avgInFlight} in flight on average (max ${traffic.maxInFlight})`,
	);
	return { sample, requests, items };
}

/**
 * @param {N8nInstance} instance
 * @param {Target} target
 * @param {{ ours: StoredWorkflow, n8n: StoredWorkflow }} workflows
 * @param {{ name: string, expectedRequests: number, expectedItems: number, n8nSplitNode?: string }} plan
 */
async function compareRuns(instance, target, workflows, plan) {
	/** @type {{ ours: Sample[], n8n: Sample[] }} */
	const samples = { ours: [], n8n: [] };
	/** @type {Partial<Record<'ours' | 'n8n', Omit<Awaited<ReturnType<typeof runOnce>>, 'sample'>>>} */
	const firstRun = {};
	for (const side of alternatingOrder(REPEATS)) {
		const { sample, requests, items } = await runOnce(instance, target, workflows[side], `${plan.name}, ${side}`, {
			expectedRequests: plan.expectedRequests,
			expectedItems: plan.expectedItems,
			splitNode: side === 'n8n' ? plan.n8nSplitNode : undefined,
		});
		samples[side].push(sample);
		firstRun[side] ??= { requests, items };
	}
	const { ours, n8n } = firstRun;
	if (!ours || !n8n) throw new Error(`${plan.name}: no runs`);
	return { samples, firstRun: { ours, n8n } };
}

/** @param {Sample[]} samples */
function summarize(samples) {
	/** @type {Sample} */
	const summary = {};
	for (const key of Object.keys(samples[0])) summary[key] = median(samples.map((sample) => sample[key]));
	return summary;
}

/**
 * Sends `count` POSTs to a webhook, DELIVERY_CONCURRENCY at a time, and resolves with how many got each status.
 * @param {N8nInstance} instance
 * @param {string} path
 * @param {number} count
 * @param {string} tag
 */
async function deliver(instance, path, count, tag) {
	/** @type {Record<number, number>} */
	const statuses = {};
	const indexes = Array.from({ length: count }, (_, index) => index);
	await mapPool(indexes, DELIVERY_CONCURRENCY, async (index) => {
		const response = await instance.webhook(path, { body: deliveryBody(tag, index) });
		statuses[response.status] = (statuses[response.status] ?? 0) + 1;
	});
	return statuses;
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
 * @param {N8nInstance} instance
 * @param {StoredWorkflow} trigger
 * @param {string} label
 */
async function deliveryRound(instance, trigger, label) {
	const groupId = instance.mainProcessGroup();
	const path = webhookOf(trigger.json, 'Trigger').path;
	const before = (await instance.executionCounts(trigger.id)).finished;
	const cpuBefore = groupCpuMs(groupId);
	// executions' timestamps have millisecond precision; the start is taken a little early to include the first.
	const started = Date.now();
	const statuses = await deliver(instance, path, DELIVERIES, `${label}-${started}`);
	const answeredMs = Date.now() - started;
	if (statuses[200] !== DELIVERIES) throw new Error(`${label}: answers ${JSON.stringify(statuses)}`);
	await instance.waitForExecutions(trigger.id, before + DELIVERIES, 180_000);
	const polledMs = Date.now() - started;
	const cpuMs = groupCpuMs(groupId) - cpuBefore;
	const times = (await instance.listedExecutions(trigger.id, before + DELIVERIES))
		.filter((execution) => Date.parse(execution.startedAt) >= started - 5)
		.map((execution) => ({ stoppedMs: Date.parse(execution.stoppedAt ?? ''), status: execution.status }));
	const failed = times.filter((time) => time.status !== 'success').length;
	if (times.length !== DELIVERIES || failed > 0) {
		throw new Error(`${label}: ${times.length} executions found, ${failed} not successful`);
	}
	const doneMs = Math.max(...times.map((time) => time.stoppedMs)) - started;
	/** @type {Sample} */
	const sample = { doneMs, answeredMs, polledMs, cpuMs, cpuPerExecutionMs: round(cpuMs / DELIVERIES, 1) };
	log(
		`  ${label}: ${DELIVERIES} answered after ${answeredMs} ms, all executions finished after ${doneMs} ms ` +
			`(seen by polling at ${polledMs} ms); n8n used ${cpuMs} ms of CPU, ${sample.cpuPerExecutionMs} ms per execution`,
	);
	return sample;
}

/**
 * Starts n8n (both trigger workflows are active), warms both triggers up, then measures delivery rounds in
 * alternating order, and stops n8n again.
 * @param {N8nInstance} instance
 * @param {{ ours: StoredWorkflow, n8n: StoredWorkflow }} triggers
 * @param {string} label
 */
async function measureTriggers(instance, triggers, label) {
	await instance.start();
	await instance.waitForWebhooks(triggers.ours);
	await instance.waitForWebhooks(triggers.n8n);
	// Unmeasured deliveries to both first: a fresh n8n is slower for a while (JIT, caches, start-up work).
	for (const side of /** @type {const} */ (['ours', 'n8n'])) {
		const before = (await instance.executionCounts(triggers[side].id)).finished;
		await deliver(instance, webhookOf(triggers[side].json, 'Trigger').path, WARM_UP_DELIVERIES, 'warm-up');
		await instance.waitForExecutions(triggers[side].id, before + WARM_UP_DELIVERIES, 180_000);
	}
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	/** @type {{ ours: Sample[], n8n: Sample[] }} */
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

/** @typedef {{ samples: { ours: Sample[], n8n: Sample[] }, ours: Sample, n8n: Sample }} Comparison */

const startedAt = Date.now();
const environment = {
	date: new Date().toISOString(),
	cpus: cpus().length,
	cpuModel: cpus()[0]?.model,
	loadAverageAtStart: loadavg().map((load) => round(load, 2)),
	benchNode: process.version,
};
log(`load average ${environment.loadAverageAtStart.join(', ')} on ${environment.cpus} CPUs`);

const tarball = await packPackage({ build: true });
const { sandbox, observer } = await startObservedSandbox();
const target = { sandbox, observer };
const agentId = sandbox.snapshot().agents.find((agent) => !agent.archived)?.agent_id;
if (!agentId) throw new Error('The sandbox has no active agent');
const instance = await createInstance({ major: 2 });
log(`n8n ${instance.version} on Node ${instance.install.nodeVersion}, instance folder ${instance.userFolder}`);

/** @type {{ a?: Comparison, b?: Comparison, c?: Comparison, cLegacy?: Comparison, d?: Awaited<ReturnType<typeof measureCampaign>>, e?: Awaited<ReturnType<typeof measureWait>>, f?: Awaited<ReturnType<typeof measureQueueDeliveries>> }} */
const results = {};
try {
	await instance.installPackage(tarball);
	await instance.start();
	const credentials = {
		osvi: await instance.createCredential({
			name: 'OSVI Sandbox',
			type: 'osviApi',
			data: { apiToken: sandbox.token, baseUrl: sandbox.url },
		}),
		header: await instance.createCredential({
			name: 'OSVI API-Token header',
			type: 'httpHeaderAuth',
			data: { name: 'API-Token', value: sandbox.token },
		}),
	};
	const built = benchWorkflows(credentials, sandbox.url, agentId);
	/** @param {import('./lib/index.mjs').WorkflowJson} json */
	const add = (json) => instance.addWorkflow(json, { activate: true });

	if (ONLY.has('a')) {
		log(`(a) Initiate over ${INITIATE_ITEMS} items, ${PARALLELISM} at a time, ${REPEATS}× each side`);
		const { samples, firstRun } = await compareRuns(
			instance,
			target,
			{ ours: await add(built.initiateOurs), n8n: await add(built.initiateN8n) },
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
		const { samples, firstRun } = await compareRuns(
			instance,
			target,
			{ ours: await add(built.listOurs), n8n: await add(built.listN8n) },
			{ name: '(b)', expectedRequests: pages, expectedItems: LISTED_CALLS, n8nSplitNode: SPLIT_NODE },
		);
		const ids = (/** @type {Array<Record<string, unknown>>} */ items) => items.map((item) => item.call_id).join(',');
		if (ids(firstRun.ours.items) !== ids(firstRun.n8n.items)) {
			throw new Error('(b): the two workflows returned different calls');
		}
		results.b = { samples, ours: summarize(samples.ours), n8n: summarize(samples.n8n) };
	}

	if (ONLY.has('d')) {
		log(`(d) ${CAMPAIGN_CONTACTS} people through Add Contacts (Enqueue) and through Initiate, once each`);
		const campaign = campaignWorkflows(credentials.osvi, agentId, PARALLELISM);
		results.d = await measureCampaign(instance, sandbox, {
			addContacts: await add(campaign.addContacts),
			initiate: await add(campaign.initiate),
		});
	}

	if (ONLY.has('e')) {
		log(`(e) Initiate and Wait over ${WAIT_ITEMS} calls of 30 s, twice, after n8n's Wait node for as long`);
		const wait = waitWorkflows(credentials.osvi, agentId);
		results.e = await measureWait(instance, sandbox, { waitNode: await add(wait.waitNode), measured: await add(wait.measured) });
	}

	// Before (c), which leaves n8n on the legacy expression engine.
	if (ONLY.has('f')) {
		log(`(f) ${QUEUE_DELIVERIES} trigger deliveries in regular mode, then in queue mode (ours and n8n's Webhook node)`);
		results.f = await measureQueueDeliveries({ regular: instance, tarball });
	}

	if (ONLY.has('c')) {
		log(`(c) ${DELIVERIES} webhook deliveries, ${DELIVERY_CONCURRENCY} at a time, ${DELIVERY_ROUNDS}× each side`);
		const triggers = { ours: await add(built.triggerOurs), n8n: await add(built.triggerN8n) };
		// Each measurement starts n8n afresh, as users' servers run: without the runs of (a) and (b) behind them.
		await instance.stop();
		results.c = await measureTriggers(instance, triggers, '(c)');
		// n8n 2.x evaluates expressions of every trigger but its own Webhook node in a fresh isolate per
		// request; the legacy engine shows what the two triggers cost without that difference.
		instance.setEnv({ N8N_EXPRESSION_ENGINE: 'legacy' });
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
		{ key: 'a.execution', label: '    whole execution', ours: ours.executionMs, n8n: n8n.executionMs },
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
		{ key: 'b.execution', label: '    whole execution', ours: ours.executionMs, n8n: n8n.executionMs },
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
		`${table(rows)}\n\n${traffic('a')}${traffic('b')}${results.b ? `${pageBound()}\n` : ''}` +
		`${results.d ? campaignReport(results.d) : ''}` +
		`${results.e ? waitReport(results.e) : ''}` +
		`${results.f ? queueReport(results.f) : ''}`,
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
