// @ts-check
// The one reader of n8n executions, as the public API returns them with includeData=true.

/**
 * @typedef {object} Item
 * @property {Record<string, any>} json
 * @property {unknown} [pairedItem]
 */

/**
 * @typedef {object} TaskData  one run of one node
 * @property {number} [executionTime]
 * @property {{ main?: Array<Item[] | null> }} [data]
 * @property {{ message?: string, description?: string }} [error]
 */

/**
 * @typedef {object} Execution
 * @property {string} id
 * @property {string} workflowId
 * @property {string} mode
 * @property {'success' | 'error' | 'crashed' | 'canceled' | 'running' | 'waiting' | 'new' | string} status
 * @property {string} startedAt
 * @property {string | null} stoppedAt
 * @property {{ resultData: { runData: Record<string, TaskData[]>, error?: { message?: string, description?: string | null }, lastNodeExecuted?: string } }} [data]
 * @property {Record<string, any>} [workflowData]
 */

/**
 * The run data of an execution read with its data.
 * @param {Execution} execution
 */
function runDataOf(execution) {
	const runData = execution.data?.resultData?.runData;
	if (!runData) throw new Error(`Execution ${execution.id} was read without its data (includeData=true).`);
	return runData;
}

/**
 * Output items of a node, with their pairing: `runData[node][runIndex].data.main[output]`. Throws when the
 * node did not run, naming the nodes that did.
 * @param {Execution} execution
 * @param {string} nodeName
 * @param {{ output?: number, runIndex?: number }} [options]
 * @returns {Item[]}
 */
export function nodeItems(execution, nodeName, options = {}) {
	const runs = runDataOf(execution)[nodeName];
	if (!runs) {
		const ran = Object.keys(runDataOf(execution)).join(', ') || 'none';
		throw new Error(`Node "${nodeName}" did not run in execution ${execution.id}; nodes that ran: ${ran}.`);
	}
	const items = runs[options.runIndex ?? 0]?.data?.main?.[options.output ?? 0] ?? [];
	return items.map((item) => ({ json: item.json, pairedItem: item.pairedItem }));
}

/**
 * The JSON of a node's output items.
 * @param {Execution} execution
 * @param {string} nodeName
 * @returns {Array<Record<string, any>>}
 */
export function nodeJson(execution, nodeName) {
	return nodeItems(execution, nodeName).map((item) => item.json);
}

/**
 * How long n8n says a node ran (ms), from its first run.
 * @param {Execution} execution
 * @param {string} nodeName
 */
export function nodeExecutionTime(execution, nodeName) {
	const time = runDataOf(execution)[nodeName]?.[0]?.executionTime;
	if (typeof time !== 'number') throw new Error(`No executionTime for node "${nodeName}" in execution ${execution.id}.`);
	return time;
}

/**
 * The workflow error of a failed execution as the editor shows it, "message — description", or undefined.
 * @param {Execution} execution
 */
export function executionError(execution) {
	const error = execution.data?.resultData?.error;
	if (!error) return undefined;
	return [error.message, error.description].filter(Boolean).join(' — ');
}

/**
 * Throws unless the execution succeeded, with its error and last node in the message.
 * @param {Execution} execution
 */
export function assertSucceeded(execution) {
	if (execution.status === 'success') return;
	const last = execution.data?.resultData?.lastNodeExecuted ?? 'unknown';
	throw new Error(
		`Execution ${execution.id} of workflow ${execution.workflowId} ended "${execution.status}" at node ` +
			`"${last}": ${executionError(execution) ?? '(no error recorded)'}`,
	);
}
