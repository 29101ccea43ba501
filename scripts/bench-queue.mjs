// @ts-check
// (f) of `npm run bench`: what queue mode costs and gives the OSVI Trigger. 500 deliveries, 20 at a time, until
// every execution they started has finished: on one n8n process (regular mode), in queue mode (load balancer →
// `n8n webhook` → Redis → one `n8n worker` → PostgreSQL), and n8n's own Webhook node in the same queue mode.
// Each side is warmed up first; the queue-mode sides alternate (ours, n8n, n8n, ours).
import { createInstance, log, mapPool, n8nWebhookTrigger, osviTrigger, webhookOf, workflow } from './lib/index.mjs';
import { WORKER_CONCURRENCY } from './lib/queue.mjs';

/** @typedef {import('./lib/index.mjs').N8nInstance} N8nInstance */
/** @typedef {import('./lib/index.mjs').StoredWorkflow} StoredWorkflow */
/** @typedef {{ doneMs: number, answeredMs: number }} DeliverySample */

export const QUEUE_DELIVERIES = 500;
const CONCURRENCY = 20;
const ROUNDS = 2;
const WARM_UP = 50;
const TRIGGER = 'Trigger';

/**
 * Delivery `index` of a run tagged `tag`: what OSVI posts to a per-call webhook when a call ends.
 * @param {string} tag
 * @param {number} index
 */
export function deliveryBody(tag, index) {
	return {
		call_log_id: `${tag}-${index}`,
		agent_uuid: 'agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og',
		agent_name: 'Appointment Reminder',
		phone_number: `+9198765${String(index).padStart(5, '0')}`,
		chat: 'Agent: Hello, this is a reminder…\nUser: Yes, I will be there.',
		call_status: 'picked',
		executionMode: 'prod',
	};
}

/** The OSVI Trigger and n8n's Webhook node (Respond Immediately) on URLs of the same shape. */
function triggerWorkflows() {
	return {
		ours: workflow('bench (f): OSVI Trigger', [osviTrigger(TRIGGER, { authentication: 'none', callStatus: [] })]),
		n8n: workflow('bench (f): n8n Webhook', [n8nWebhookTrigger(TRIGGER)]),
	};
}

/**
 * Sends `count` OSVI-like deliveries to a trigger and fails unless each is answered 200.
 * @param {N8nInstance} instance
 * @param {StoredWorkflow} trigger
 * @param {number} count
 * @param {string} tag
 */
async function deliver(instance, trigger, count, tag) {
	const path = webhookOf(trigger.json, TRIGGER).path;
	const statuses = await mapPool(
		Array.from({ length: count }, (_, index) => index),
		CONCURRENCY,
		async (index) => (await instance.webhook(path, { body: deliveryBody(tag, index) })).status,
	);
	const failed = statuses.filter((status) => status !== 200);
	if (failed.length > 0) throw new Error(`${tag}: ${failed.length} deliveries answered ${[...new Set(failed)].join(', ')}`);
}

/**
 * One round: the deliveries, then the time until the last execution they started stopped.
 * @param {N8nInstance} instance
 * @param {StoredWorkflow} trigger
 * @param {string} label
 * @returns {Promise<DeliverySample>}
 */
async function round(instance, trigger, label) {
	const before = (await instance.executionCounts(trigger.id)).finished;
	// Executions' timestamps have millisecond precision; the start is taken a little early to include the first.
	const started = Date.now();
	await deliver(instance, trigger, QUEUE_DELIVERIES, `${label}-${started}`);
	const answeredMs = Date.now() - started;
	await instance.waitForExecutions(trigger.id, before + QUEUE_DELIVERIES, 300_000);
	const runs = (await instance.listedExecutions(trigger.id, before + QUEUE_DELIVERIES)).filter(
		(execution) => Date.parse(execution.startedAt) >= started - 5,
	);
	const failed = runs.filter((execution) => execution.status !== 'success').length;
	if (runs.length !== QUEUE_DELIVERIES || failed > 0) {
		throw new Error(`${label}: ${runs.length} executions found, ${failed} not successful`);
	}
	const doneMs = Math.max(...runs.map((execution) => Date.parse(execution.stoppedAt ?? ''))) - started;
	log(`  ${label}: ${QUEUE_DELIVERIES} answered after ${answeredMs} ms, all executions finished after ${doneMs} ms`);
	return { doneMs, answeredMs };
}

/**
 * Unmeasured deliveries first: a fresh n8n is slower for a while (JIT, caches, connections).
 * @param {N8nInstance} instance
 * @param {StoredWorkflow} trigger
 */
async function warmUp(instance, trigger) {
	const before = (await instance.executionCounts(trigger.id)).finished;
	await deliver(instance, trigger, WARM_UP, 'warm-up');
	await instance.waitForExecutions(trigger.id, before + WARM_UP, 180_000);
}

/** @param {DeliverySample[]} samples */
function median(samples) {
	/** @param {number[]} values */
	const middle = (values) => {
		const sorted = [...values].sort((x, y) => x - y);
		const half = Math.floor(sorted.length / 2);
		return sorted.length % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
	};
	return {
		doneMs: middle(samples.map((sample) => sample.doneMs)),
		answeredMs: middle(samples.map((sample) => sample.answeredMs)),
	};
}

/**
 * Measures the three sides. `regular` is the benchmark's single n8n (running, default expression engine): it is
 * restarted for its rounds and left running. The queue-mode instance is started here and removed afterwards.
 * @param {{ regular: N8nInstance, tarball: string }} options
 */
export async function measureQueueDeliveries(options) {
	const { regular, tarball } = options;
	const built = triggerWorkflows();

	const regularTrigger = await regular.addWorkflow(built.ours, { activate: true });
	await regular.stop();
	await regular.start();
	await regular.waitForWebhooks(regularTrigger);
	await warmUp(regular, regularTrigger);
	/** @type {DeliverySample[]} */
	const regularSamples = [];
	for (let turn = 0; turn < ROUNDS; turn++) regularSamples.push(await round(regular, regularTrigger, '(f) regular mode, ours'));

	const queue = await createInstance({ major: 2, topology: 'queue' });
	/** @type {{ ours: DeliverySample[], n8n: DeliverySample[] }} */
	const queueSamples = { ours: [], n8n: [] };
	try {
		await queue.installPackage(tarball);
		const { readyMs } = await queue.start();
		log(`  queue mode ready in ${readyMs} ms (worker concurrency ${WORKER_CONCURRENCY})`);
		const triggers = {
			ours: await queue.addWorkflow(built.ours, { activate: true }),
			n8n: await queue.addWorkflow(built.n8n, { activate: true }),
		};
		await warmUp(queue, triggers.ours);
		await warmUp(queue, triggers.n8n);
		for (const side of /** @type {const} */ (['ours', 'n8n', 'n8n', 'ours'])) {
			queueSamples[side].push(await round(queue, triggers[side], `(f) queue mode, ${side}`));
		}
	} finally {
		await queue.dispose();
	}
	return {
		workerConcurrency: WORKER_CONCURRENCY,
		samples: { regular: regularSamples, queueOurs: queueSamples.ours, queueN8n: queueSamples.n8n },
		regular: median(regularSamples),
		queueOurs: median(queueSamples.ours),
		queueN8n: median(queueSamples.n8n),
	};
}

/**
 * The figure as printed under the benchmark's table.
 * @param {Awaited<ReturnType<typeof measureQueueDeliveries>>} result
 */
export function queueReport(result) {
	const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;
	const { regular, queueOurs, queueN8n } = result;
	return (
		`(f) ${QUEUE_DELIVERIES} trigger deliveries, ${CONCURRENCY} at a time, until all executions finished ` +
		`(medians of ${ROUNDS} rounds): OSVI Trigger in regular mode ${seconds(regular.doneMs)}; ` +
		`in queue mode (webhook processor, 1 worker at concurrency ${result.workerConcurrency}) ${seconds(queueOurs.doneMs)} ` +
		`(${(queueOurs.doneMs / regular.doneMs).toFixed(2)}× regular); n8n's Webhook node in queue mode ` +
		`${seconds(queueN8n.doneMs)} (ours / Webhook node ${(queueOurs.doneMs / queueN8n.doneMs).toFixed(2)}); ` +
		`all answered after ${seconds(regular.answeredMs)}, ${seconds(queueOurs.answeredMs)} and ${seconds(queueN8n.answeredMs)}\n`
	);
}
