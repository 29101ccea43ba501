// @ts-check
// (d) of `npm run bench`: why campaigns exist. The same 10,000 people called through Campaign → Add Contacts
// (Enqueue on: OSVI queues and places the calls itself) and through Call → Initiate (n8n places each call): how
// many requests n8n sends and how long the node runs. Both end with 10,000 calls placed in the sandbox.
import { callEachRow, log, nodeExecutionTime, nodeJson, osviNode, rowItems, runnableWorkflow } from './lib/index.mjs';

/** @typedef {import('./lib/index.mjs').N8nInstance} N8nInstance */
/** @typedef {import('./lib/index.mjs').StoredWorkflow} StoredWorkflow */
/** @typedef {import('./lib/index.mjs').Sandbox} Sandbox */
/** @typedef {import('./lib/index.mjs').CredentialRef} CredentialRef */
/** @typedef {{ requests: number, callsPlaced: number, nodeMs: number, executionMs: number }} CampaignSample */

export const CAMPAIGN_CONTACTS = 10_000;
const CAMPAIGN_ID = 7;
const NODE = 'OSVI';

/** Set (10,000 rows as JSON) → Split Out: the same people for both sides. */
function contactNodes() {
	const rows = Array.from({ length: CAMPAIGN_CONTACTS }, (_, index) => ({
		phone: `98765${String(index).padStart(5, '0')}`,
		name: `Contact ${index + 1}`,
	}));
	return [
		...rowItems(rows),
	];
}

/**
 * @param {CredentialRef} credential
 * @param {string} agentId
 * @param {number} parallelism  Initiate's Concurrent Calls
 */
export function campaignWorkflows(credential, agentId, parallelism) {
	const agent = { __rl: true, mode: 'id', value: agentId };
	return {
		addContacts: runnableWorkflow('bench (d): Campaign → Add Contacts with Enqueue', [
			...contactNodes(),
			osviNode(
				NODE,
				{
					resource: 'campaign',
					operation: 'addContacts',
					campaignId: CAMPAIGN_ID,
					agentId: agent,
					phoneNumber: '={{ $json.phone }}',
					countryCode: 'IN',
					personName: '={{ $json.name }}',
					enqueue: true,
					options: {},
				},
				credential,
			),
		]),
		initiate: runnableWorkflow('bench (d): Call → Initiate', [
			...contactNodes(),
			callEachRow(NODE, { operation: 'initiate', agentId, options: { concurrency: parallelism } }, credential),
		]),
	};
}

/**
 * Runs one side once and checks that it did the planned work: every person called, in `requests` requests.
 * @param {N8nInstance} instance
 * @param {Sandbox} sandbox
 * @param {StoredWorkflow} stored
 * @param {string} label
 * @param {{ requests: number, outputItems: number }} expected
 * @returns {Promise<CampaignSample>}
 */
async function runSide(instance, sandbox, stored, label, expected) {
	sandbox.reset();
	const seeded = sandbox.snapshot().calls.length;
	const execution = await instance.run(stored, { timeoutMs: 900_000 });
	if (execution.status !== 'success') throw new Error(`${label} ended "${execution.status}"`);
	const requests = sandbox.requests().length;
	const callsPlaced = sandbox.snapshot().calls.length - seeded;
	const outputItems = nodeJson(execution, NODE).length;
	if (requests !== expected.requests || callsPlaced !== CAMPAIGN_CONTACTS || outputItems !== expected.outputItems) {
		throw new Error(
			`${label} sent ${requests} requests (expected ${expected.requests}), placed ${callsPlaced} calls ` +
				`(expected ${CAMPAIGN_CONTACTS}) and output ${outputItems} items (expected ${expected.outputItems})`,
		);
	}
	const nodeMs = nodeExecutionTime(execution, NODE);
	const executionMs = Date.parse(execution.stoppedAt ?? '') - Date.parse(execution.startedAt);
	log(`  ${label}: ${requests} requests, node ${nodeMs} ms, whole execution ${executionMs} ms, ${callsPlaced} calls placed`);
	return { requests, callsPlaced, nodeMs, executionMs };
}

/**
 * Measures both sides once each (Initiate alone takes about a minute).
 * @param {N8nInstance} instance
 * @param {Sandbox} sandbox
 * @param {{ addContacts: StoredWorkflow, initiate: StoredWorkflow }} workflows
 */
export async function measureCampaign(instance, sandbox, workflows) {
	const addContacts = await runSide(instance, sandbox, workflows.addContacts, '(d) Add Contacts', {
		requests: Math.ceil(CAMPAIGN_CONTACTS / 10_000),
		outputItems: Math.ceil(CAMPAIGN_CONTACTS / 10_000),
	});
	const initiate = await runSide(instance, sandbox, workflows.initiate, '(d) Initiate', {
		requests: CAMPAIGN_CONTACTS,
		outputItems: CAMPAIGN_CONTACTS,
	});
	return { addContacts, initiate };
}

/**
 * The figure as printed under the benchmark's table.
 * @param {Awaited<ReturnType<typeof measureCampaign>>} result
 */
export function campaignReport(result) {
	const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`;
	const { addContacts, initiate } = result;
	return (
		`(d) ${CAMPAIGN_CONTACTS.toLocaleString('en')} people called: Campaign → Add Contacts (Enqueue) sent ` +
		`${addContacts.requests} request(s) in ${seconds(addContacts.nodeMs)} (whole execution ${seconds(addContacts.executionMs)}); ` +
		`Call → Initiate sent ${initiate.requests.toLocaleString('en')} requests in ${seconds(initiate.nodeMs)} ` +
		`(whole execution ${seconds(initiate.executionMs)})\n`
	);
}
