// @ts-check
// The one builder of n8n workflow JSON for the tooling. Workflows that the tooling runs start with a Webhook
// trigger named "Run" (see `runTrigger`): an activated workflow whose execution starts inside the n8n server,
// which also works when n8n runs in queue mode, where a worker executes it.
import { randomUUID } from 'node:crypto';

/**
 * @typedef {object} WorkflowNode
 * @property {string} [id]
 * @property {string} name
 * @property {string} type
 * @property {number} typeVersion
 * @property {[number, number]} [position]
 * @property {Record<string, any>} parameters
 * @property {string} [webhookId]
 * @property {Record<string, { id: string, name: string }>} [credentials]
 * @property {'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput'} [onError]
 */

/**
 * @typedef {object} WorkflowJson
 * @property {string} name
 * @property {WorkflowNode[]} nodes
 * @property {Record<string, { main: Array<Array<{ node: string, type: 'main', index: number }>> }>} connections
 * @property {Record<string, unknown>} [settings]
 */

/** @typedef {{ id: string, name: string }} CredentialRef */

/** A webhook of a workflow: the part of its production URL after /webhook/, and its HTTP method. */
/** @typedef {{ node: string, path: string, method: string }} WebhookEndpoint */

export const RUN_NODE = 'Run';
export const OSVI_NODE_TYPE = 'n8n-nodes-osvi.osvi';
export const OSVI_TRIGGER_TYPE = 'n8n-nodes-osvi.osviTrigger';
const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';
const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';

/**
 * One node. `typeVersion` defaults to 1.
 * @param {string} name
 * @param {string} type
 * @param {Record<string, any>} parameters
 * @param {Partial<Omit<WorkflowNode, 'name' | 'type' | 'parameters'>>} [extra]
 * @returns {WorkflowNode}
 */
export function node(name, type, parameters, extra = {}) {
	return { id: randomUUID(), name, type, typeVersion: 1, parameters, ...extra };
}

/**
 * A list as people feed a sheet to a node: a Set node holding `rows` as raw JSON, then Split Out, one item per row.
 * @param {Array<Record<string, unknown>>} rows
 * @returns {WorkflowNode[]}
 */
export function rowItems(rows) {
	return [
		node('Rows', 'n8n-nodes-base.set', { mode: 'raw', jsonOutput: JSON.stringify({ rows }), options: {} }, { typeVersion: 3.4 }),
		node('One Item per Row', 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'rows', options: {} }),
	];
}

/**
 * A workflow whose nodes run one after the other, in the order given, laid out left to right.
 * @param {string} name
 * @param {WorkflowNode[]} nodes
 * @param {{ settings?: Record<string, unknown> }} [options]
 * @returns {WorkflowJson}
 */
export function workflow(name, nodes, options = {}) {
	/** @type {WorkflowJson['connections']} */
	const connections = {};
	for (let index = 0; index + 1 < nodes.length; index++) {
		connections[nodes[index].name] = {
			main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]],
		};
	}
	return {
		name,
		nodes: nodes.map((entry, index) => ({ position: [index * 220, 0], ...entry })),
		connections,
		settings: { executionOrder: 'v1', ...options.settings },
	};
}

/**
 * The trigger of a workflow that the tooling runs (`N8nInstance.run()`): n8n's Webhook node on a path of its
 * own, answering at once, so that n8n itself (or its queue-mode worker) starts the execution.
 * @returns {WorkflowNode}
 */
export function runTrigger() {
	const path = randomUUID();
	return node(
		RUN_NODE,
		WEBHOOK_TYPE,
		{ httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		{ typeVersion: 2, webhookId: path },
	);
}

/**
 * n8n's own Webhook node, answering at once, on a path shaped like the OSVI Trigger's production URL
 * (`<uuid>/webhook`): what the benchmark compares the OSVI Trigger with.
 * @param {string} name
 * @returns {WorkflowNode}
 */
export function n8nWebhookTrigger(name) {
	return node(
		name,
		WEBHOOK_TYPE,
		{ httpMethod: 'POST', path: `${randomUUID()}/webhook`, responseMode: 'onReceived', options: {} },
		{ typeVersion: 2.1, webhookId: randomUUID() },
	);
}

/**
 * A workflow that `N8nInstance.run()` can start: the run trigger, then `nodes` in order.
 * @param {string} name
 * @param {WorkflowNode[]} nodes
 * @param {{ settings?: Record<string, unknown> }} [options]
 */
export function runnableWorkflow(name, nodes, options) {
	return workflow(name, [runTrigger(), ...nodes], options);
}

/**
 * The OSVI node.
 * @param {string} name
 * @param {Record<string, any>} parameters
 * @param {CredentialRef} credential
 * @param {Partial<WorkflowNode>} [extra]
 */
export function osviNode(name, parameters, credential, extra = {}) {
	return node(name, OSVI_NODE_TYPE, parameters, { credentials: { osviApi: credential }, ...extra });
}

/**
 * The OSVI node calling each row that `rowItems` makes: Initiate (or Initiate and Wait) to the row's `phone`, a
 * national number of India, with its `name` as Person Name, by the agent `agentId`.
 * @param {string} name
 * @param {{ operation: 'initiate' | 'initiateAndWait', agentId: string, options?: Record<string, unknown>, waitOptions?: Record<string, unknown> }} call
 * @param {CredentialRef} credential
 */
export function callEachRow(name, { operation, agentId, options = {}, waitOptions }, credential) {
	return osviNode(
		name,
		{
			resource: 'call',
			operation,
			agentId: { __rl: true, mode: 'id', value: agentId },
			phoneNumber: '={{ $json.phone }}',
			countryCode: 'IN',
			additionalFields: { personName: '={{ $json.name }}' },
			...(waitOptions ? { waitOptions } : {}),
			options,
		},
		credential,
	);
}

/**
 * The OSVI Trigger on a fresh webhook id (its production path is `<webhookId>/webhook`). The credential is only
 * attached where the trigger reads it (authentication webhookSecret).
 * @param {string} name
 * @param {{ authentication: 'none' | 'webhookSecret', callStatus?: string[], httpMethod?: 'POST' | 'PUT' | 'PATCH' }} parameters
 * @param {CredentialRef} [credential]
 */
export function osviTrigger(name, parameters, credential) {
	return node(
		name,
		OSVI_TRIGGER_TYPE,
		{ httpMethod: 'POST', callStatus: [], ...parameters },
		{
			webhookId: randomUUID(),
			...(parameters.authentication === 'webhookSecret' && credential
				? { credentials: { osviApi: credential } }
				: {}),
		},
	);
}

/**
 * A saved workflow (an example, or one built elsewhere) made ready for another n8n: every OSVI credential
 * reference points at `credential`, and with `freshWebhookIds` every webhook gets a new id, so that several
 * copies can be active on one instance. Returns a copy.
 * @param {WorkflowJson} saved
 * @param {{ credential?: CredentialRef, freshWebhookIds?: boolean }} options
 * @returns {WorkflowJson}
 */
export function adapt(saved, options) {
	const copy = structuredClone(saved);
	for (const entry of copy.nodes) {
		if (options.credential && entry.credentials?.osviApi) entry.credentials.osviApi = options.credential;
		if (options.freshWebhookIds && entry.webhookId) {
			entry.webhookId = randomUUID();
			if (entry.type === WEBHOOK_TYPE) entry.parameters.path = entry.webhookId;
		}
	}
	return copy;
}

/**
 * The same workflow with its manual trigger replaced by the run trigger, so that `N8nInstance.run()` starts it
 * as the editor's "Execute workflow" would.
 * @param {WorkflowJson} saved
 * @returns {WorkflowJson}
 */
export function asRunnable(saved) {
	const copy = structuredClone(saved);
	const index = copy.nodes.findIndex((entry) => entry.type === MANUAL_TRIGGER_TYPE);
	if (index === -1) throw new Error(`Workflow "${saved.name}" has no manual trigger to replace.`);
	const manual = copy.nodes[index];
	copy.nodes[index] = { ...runTrigger(), position: manual.position };
	if (copy.connections[manual.name]) {
		copy.connections[RUN_NODE] = copy.connections[manual.name];
		delete copy.connections[manual.name];
	}
	return copy;
}

/**
 * Every production webhook a workflow registers when it is active: n8n's Webhook node (a full path) and the
 * OSVI Trigger (`<webhookId>/webhook`).
 * @param {WorkflowJson} json
 * @returns {WebhookEndpoint[]}
 */
export function webhookEndpoints(json) {
	return json.nodes.flatMap((entry) => {
		if (entry.type === WEBHOOK_TYPE) {
			return [{ node: entry.name, path: String(entry.parameters.path), method: entry.parameters.httpMethod ?? 'GET' }];
		}
		if (entry.type === OSVI_TRIGGER_TYPE) {
			if (!entry.webhookId) throw new Error(`The OSVI Trigger "${entry.name}" has no webhookId.`);
			return [{ node: entry.name, path: `${entry.webhookId}/webhook`, method: entry.parameters.httpMethod ?? 'POST' }];
		}
		return [];
	});
}

/**
 * The production webhook of one node of a workflow.
 * @param {WorkflowJson} json
 * @param {string} nodeName
 * @returns {WebhookEndpoint}
 */
export function webhookOf(json, nodeName) {
	const endpoint = webhookEndpoints(json).find((candidate) => candidate.node === nodeName);
	if (!endpoint) throw new Error(`Workflow "${json.name}" has no webhook node named "${nodeName}".`);
	return endpoint;
}

/**
 * Whether activating the workflow makes sense: it has a trigger other than a manual one.
 * @param {WorkflowJson} json
 */
export function hasActivatableTrigger(json) {
	return json.nodes.some((entry) => /trigger$/i.test(entry.type) && entry.type !== MANUAL_TRIGGER_TYPE) ||
		webhookEndpoints(json).length > 0;
}
