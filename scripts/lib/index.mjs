// @ts-check
// The one module that drives a real n8n for `npm start`, the end-to-end suite and the benchmark:
//   project.mjs       build and pack this package, compile and start the OSVI sandbox, the shipped examples
//   n8n-install.mjs   n8n 1.x or 2.x installed once into ~/.cache/n8n-nodes-osvi (with Node 24 for 2.x)
//   n8n-instance.mjs  an isolated instance: lifecycle, credentials, workflows, runs, executions (the one poller)
//   workflows.mjs     the one builder of workflow JSON
//   run-data.mjs      the one reader of executions' run data
//   pool.mjs          the one worker pool
//   browser.mjs       n8n's editor in Debian's Chromium (playwright-core), signed in as the owner
// Callers import from here; the files above (and cache.mjs, node24.mjs, watchdog.mjs) are its insides.
export { log } from './cache.mjs';
export { EditorSession, openEditor } from './browser.mjs';
export { ensureN8n } from './n8n-install.mjs';
export { createInstance, freePort, N8nInstance } from './n8n-instance.mjs';
export { mapPool } from './pool.mjs';
export { allExamples, buildPackage, example, loadSandbox, packPackage, PROJECT_DIR, startSandbox } from './project.mjs';
export { assertSucceeded, executionError, nodeExecutionTime, nodeItems, nodeJson } from './run-data.mjs';
export {
	adapt,
	asRunnable,
	callEachRow,
	hasActivatableTrigger,
	n8nWebhookTrigger,
	node,
	osviNode,
	osviTrigger,
	RUN_NODE,
	rowItems,
	runnableWorkflow,
	webhookEndpoints,
	webhookOf,
	workflow,
} from './workflows.mjs';

/** @typedef {import('./n8n-instance.mjs').StoredWorkflow} StoredWorkflow */
/** @typedef {import('./n8n-instance.mjs').HttpResult} HttpResult */
/** @typedef {import('./run-data.mjs').Execution} Execution */
/** @typedef {import('./run-data.mjs').Item} Item */
/** @typedef {import('./workflows.mjs').WorkflowJson} WorkflowJson */
/** @typedef {import('./workflows.mjs').WorkflowNode} WorkflowNode */
/** @typedef {import('./workflows.mjs').CredentialRef} CredentialRef */
/** @typedef {import('./project.mjs').Sandbox} Sandbox */
