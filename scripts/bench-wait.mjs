// @ts-check
// (e) of `npm run bench`: Call → Initiate and Wait over 200 items whose calls each last 30 s. All calls are placed
// at once and waited for together, so the node should take about as long as the longest call plus one poll
// interval, read each call about once per poll interval, and hold n8n's memory steady. Measured: the node's wall
// time against that ideal, reads per call, and the n8n process's resident memory (sampled while the node runs).
// A fresh n8n grows by about 500 MB during its first long execution whatever that runs (n8n's own Wait node
// included), and little in later ones: so n8n's Wait node first holds the same 200 items for as long (its growth
// is reported as what n8n itself costs), then ours runs twice; the second run is the figure.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { callEachRow, log, node, nodeExecutionTime, nodeJson, rowItems, runnableWorkflow } from './lib/index.mjs';

/** @typedef {import('./lib/index.mjs').N8nInstance} N8nInstance */
/** @typedef {import('./lib/index.mjs').StoredWorkflow} StoredWorkflow */
/** @typedef {import('./lib/index.mjs').Sandbox} Sandbox */
/** @typedef {import('./lib/index.mjs').CredentialRef} CredentialRef */

export const WAIT_ITEMS = 200;
const CALL_MS = 30_000;
const POLL_SECONDS = 15;
const IDEAL_MS = CALL_MS + POLL_SECONDS * 1000;
// All 200 calls start within a fraction of a second (Concurrent Calls' maximum).
const CONCURRENT_CALLS = 50;
const NODE = 'OSVI';
const MEMORY_SAMPLE_MS = 200;
export const WAIT_TARGETS = { extraPollIntervals: 2, readsPerCallPerInterval: 1, memoryGrowthMb: 50 };

const phoneOf = (/** @type {number} */ index) => `98766${String(index).padStart(5, '0')}`;

/**
 * @param {CredentialRef} credential
 * @param {string} agentId
 */
function waitWorkflow(credential, agentId) {
	const rows = Array.from({ length: WAIT_ITEMS }, (_, index) => ({ phone: phoneOf(index), name: `Contact ${index + 1}` }));
	return runnableWorkflow('bench (e): Call → Initiate and Wait', [
		...rowItems(rows),
		callEachRow(
			NODE,
			{
				operation: 'initiateAndWait',
				agentId,
				waitOptions: { pollIntervalSeconds: POLL_SECONDS },
				options: { concurrency: CONCURRENT_CALLS },
			},
			credential,
		),
	]);
}

/**
 * Resident memory of one process in bytes (Linux; NaN elsewhere or once it has ended).
 * @param {number} pid
 */
function residentBytes(pid) {
	if (!existsSync(`/proc/${pid}/status`)) return Number.NaN;
	const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return match ? Number(match[1]) * 1024 : Number.NaN;
}

/**
 * Samples a process's resident memory until stopped.
 * @param {number} pid
 */
function sampleMemory(pid) {
	const baseline = residentBytes(pid);
	let peak = baseline;
	const timer = setInterval(() => {
		const now = residentBytes(pid);
		if (now > peak) peak = now;
	}, MEMORY_SAMPLE_MS);
	return {
		stop() {
			clearInterval(timer);
			return { baselineBytes: baseline, peakBytes: Math.max(peak, residentBytes(pid) || 0) };
		},
	};
}

/** The same 200 rows, then n8n's Wait node for as long as the ideal of ours. */
function waitNodeWorkflow() {
	const rows = Array.from({ length: WAIT_ITEMS }, (_, index) => ({ phone: phoneOf(index), name: `Contact ${index + 1}` }));
	return runnableWorkflow('bench (e): n8n Wait node', [
		...rowItems(rows),
		node(
			NODE,
			'n8n-nodes-base.wait',
			{ resume: 'timeInterval', amount: IDEAL_MS / 1000, unit: 'seconds' },
			{ typeVersion: 1.1, webhookId: randomUUID() },
		),
	]);
}

/**
 * The two workflows of (e): n8n's Wait node (run first), and ours.
 * @param {CredentialRef} credential
 * @param {string} agentId
 */
export function waitWorkflows(credential, agentId) {
	return { waitNode: waitNodeWorkflow(), measured: waitWorkflow(credential, agentId) };
}

/**
 * Runs one workflow of (e) with every call planned to last `callMs`, sampling n8n's memory meanwhile.
 * @param {N8nInstance} instance
 * @param {Sandbox} sandbox
 * @param {StoredWorkflow} stored
 * @param {number} callMs
 */
async function runOnce(instance, sandbox, stored, callMs) {
	sandbox.reset();
	sandbox.planCalls(
		Array.from({ length: WAIT_ITEMS }, (_, index) => ({ phoneNumber: phoneOf(index), durationMs: callMs, outcome: 'picked' })),
	);
	const memory = sampleMemory(instance.mainProcessGroup());
	const execution = await instance.run(stored, { timeoutMs: 600_000 });
	const { baselineBytes, peakBytes } = memory.stop();
	if (execution.status !== 'success') throw new Error(`(e) ${stored.json.name} ended "${execution.status}"`);
	return { execution, baselineBytes, peakBytes };
}

/**
 * Runs ours once and checks that it did the planned work (one POST per item, nothing but reads besides, every
 * call ended and output) before taking its figures.
 * @param {N8nInstance} instance
 * @param {Sandbox} sandbox
 * @param {StoredWorkflow} stored
 * @param {string} label
 */
async function measureOurs(instance, sandbox, stored, label) {
	const { execution, baselineBytes, peakBytes } = await runOnce(instance, sandbox, stored, CALL_MS);
	const requests = sandbox.requests();
	const posts = requests.filter((request) => request.method === 'POST' && request.path === '/call');
	const reads = requests.filter((request) => request.method === 'GET' && /^\/v1\/call\/[^/]+$/.test(request.path));
	const others = requests.length - posts.length - reads.length;
	const items = nodeJson(execution, NODE);
	const ended = items.filter((item) => item.wait_timed_out === false && item.status === 'picked').length;
	if (posts.length !== WAIT_ITEMS || others !== 0 || items.length !== WAIT_ITEMS || ended !== WAIT_ITEMS) {
		throw new Error(
			`(e) ${label} sent ${posts.length} POST /call (expected ${WAIT_ITEMS}) and ${others} other requests than reads ` +
				`(expected 0), and output ${items.length} items of which ${ended} ended picked (expected ${WAIT_ITEMS})`,
		);
	}
	const nodeMs = nodeExecutionTime(execution, NODE);
	const pollMs = POLL_SECONDS * 1000;
	const readsPerCall = reads.length / WAIT_ITEMS;
	const figures = {
		nodeMs,
		extraPollIntervals: (nodeMs - IDEAL_MS) / pollMs,
		readsPerCall,
		readsPerCallPerInterval: readsPerCall / (nodeMs / pollMs),
		baselineMb: baselineBytes / 2 ** 20,
		peakMb: peakBytes / 2 ** 20,
		memoryGrowthMb: (peakBytes - baselineBytes) / 2 ** 20,
	};
	log(
		`  (e) ${label}: node ${nodeMs} ms (ideal ${IDEAL_MS} ms), ${reads.length} reads (${readsPerCall.toFixed(2)} per call), ` +
			`n8n resident memory ${figures.baselineMb.toFixed(0)} MB → peak ${figures.peakMb.toFixed(0)} MB`,
	);
	return figures;
}

/**
 * n8n's Wait node first (what a fresh n8n's first long execution costs it), then ours twice: the second run is
 * the figure, the first is shown beside it.
 * @param {N8nInstance} instance
 * @param {Sandbox} sandbox
 * @param {{ waitNode: StoredWorkflow, measured: StoredWorkflow }} workflows
 */
export async function measureWait(instance, sandbox, workflows) {
	const waitNode = await runOnce(instance, sandbox, workflows.waitNode, 0);
	const waitNodeFigures = {
		nodeMs: nodeExecutionTime(waitNode.execution, NODE),
		memoryGrowthMb: (waitNode.peakBytes - waitNode.baselineBytes) / 2 ** 20,
	};
	log(`  (e) n8n's Wait node: ${waitNodeFigures.nodeMs} ms, n8n resident memory +${waitNodeFigures.memoryGrowthMb.toFixed(0)} MB`);
	const first = await measureOurs(instance, sandbox, workflows.measured, 'first run');
	const repeat = await measureOurs(instance, sandbox, workflows.measured, 'second run');
	return { idealMs: IDEAL_MS, pollMs: POLL_SECONDS * 1000, waitNode: waitNodeFigures, first, repeat };
}

/**
 * The figure as printed under the benchmark's table, each against its target (second run; first run beside it).
 * @param {Awaited<ReturnType<typeof measureWait>>} result
 */
export function waitReport(result) {
	const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;
	const verdict = (/** @type {boolean} */ met) => (met ? 'met' : 'MISSED');
	const { first, repeat, waitNode } = result;
	const wallTarget = result.idealMs + WAIT_TARGETS.extraPollIntervals * result.pollMs;
	return (
		`(e) Initiate and Wait, ${WAIT_ITEMS} calls of ${CALL_MS / 1000} s, Poll Interval ${result.pollMs / 1000} s ` +
		`(second run; first run in brackets):\n` +
		`    wall time ${seconds(repeat.nodeMs)} [${seconds(first.nodeMs)}] vs ideal ${seconds(result.idealMs)} (longest call + one poll interval): ` +
		`+${repeat.extraPollIntervals.toFixed(2)} [+${first.extraPollIntervals.toFixed(2)}] poll intervals, ` +
		`target ≤ +${WAIT_TARGETS.extraPollIntervals}, ${verdict(repeat.nodeMs <= wallTarget && first.nodeMs <= wallTarget)}\n` +
		`    reads ${repeat.readsPerCall.toFixed(2)} [${first.readsPerCall.toFixed(2)}] per call = ` +
		`${repeat.readsPerCallPerInterval.toFixed(2)} [${first.readsPerCallPerInterval.toFixed(2)}] per call per poll interval, ` +
		`target ≤ ${WAIT_TARGETS.readsPerCallPerInterval}, ` +
		`${verdict(Math.max(repeat.readsPerCallPerInterval, first.readsPerCallPerInterval) <= WAIT_TARGETS.readsPerCallPerInterval)}\n` +
		`    n8n resident memory growth ${repeat.memoryGrowthMb.toFixed(1)} MB [${first.memoryGrowthMb.toFixed(1)} MB] ` +
		`(peak ${repeat.peakMb.toFixed(0)} MB), target ≤ ${WAIT_TARGETS.memoryGrowthMb} MB, ` +
		`${verdict(repeat.memoryGrowthMb <= WAIT_TARGETS.memoryGrowthMb)}; n8n's own Wait node, run first with the same ` +
		`items for ${seconds(waitNode.nodeMs)}: ${waitNode.memoryGrowthMb.toFixed(0)} MB\n`
	);
}
