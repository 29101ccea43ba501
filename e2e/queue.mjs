// @ts-check
// Which process of queue mode did what with an execution, read from what n8n's processes print at info level:
// the process that queued it prints "Enqueued execution <id> (job <n>)" (the webhook processor for a webhook
// delivery, main for a polling trigger), and the worker "Worker started execution <id> (job <n>)" and "Worker
// finished execution <id> (job <n>)". Main of a single n8n prints none of these: it runs executions itself.

/** @typedef {'main' | 'worker' | 'webhook'} QueueRole */
/** @type {QueueRole[]} */
const ROLES = ['main', 'webhook', 'worker'];

/**
 * For each execution: the processes that queued, started and finished it.
 * @param {import('../scripts/lib/index.mjs').N8nInstance} n8n  an instance in queue mode
 * @param {string[]} executionIds
 * @returns {Array<{ id: string, enqueuedBy: QueueRole[], startedBy: QueueRole[], finishedBy: QueueRole[] }>}
 */
export function whereExecutionsRan(n8n, executionIds) {
	if (!n8n.queue) throw new Error('whereExecutionsRan: this instance does not run in queue mode.');
	const logs = Object.fromEntries(ROLES.map((role) => [role, n8n.logOf(role)]));
	/** @param {string} phrase @param {string} id */
	const by = (phrase, id) => ROLES.filter((role) => logs[role].includes(`${phrase} ${id} (job `));
	return executionIds.map((id) => ({
		id,
		enqueuedBy: by('Enqueued execution', id),
		startedBy: by('Worker started execution', id),
		finishedBy: by('Worker finished execution', id),
	}));
}

/**
 * What `whereExecutionsRan` says of an execution that came in through a webhook (or, with `enqueuedBy: 'main'`,
 * a polling trigger) and ran on the worker.
 * @param {string} id
 * @param {QueueRole} [enqueuedBy]
 */
export function ranOnWorker(id, enqueuedBy = 'webhook') {
	return { id, enqueuedBy: [enqueuedBy], startedBy: ['worker'], finishedBy: ['worker'] };
}
