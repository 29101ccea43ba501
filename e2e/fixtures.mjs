// @ts-check
// Values and payloads the feature files share: the secrets (distinctive, so that a leak is found by a plain text
// search), OSVI's webhook payloads as documented, the OSVI Trigger's exact answers, and the workflows several
// features build.
import { node, osviNode, osviTrigger, runnableWorkflow, workflow } from '../scripts/lib/index.mjs';

/** 16 characters like a real OSVI token. */
export const API_TOKEN = 'E2eTok3nQx7Wz9Lp';
export const WRONG_API_TOKEN = 'WrongTok3nAb12Cd';
export const WEBHOOK_SECRET = 'e2e-Webhook-Secret-4f9c2a';
export const WRONG_WEBHOOK_SECRET = 'e2e-Wrong-Secret-77d1b0';

/** Short, so that a placed call ends (and OSVI's webhook arrives) well within a test. */
export const CALL_DURATION_MS = 300;

export const ACCEPTED = { received: true };
export const FILTERED_OUT = { received: true, workflowStarted: false };
export const MISSING_SECRET = {
	received: false,
	error:
		'Missing webhook secret: send it in the X-Osvi-Secret header, as Authorization: Bearer <secret>, or as the query parameter secret',
};
export const WRONG_SECRET = { received: false, error: 'The webhook secret does not match' };
export const UNCONFIGURED_SECRET = {
	received: false,
	error: 'The OSVI Trigger is set to check a webhook secret, but found no Webhook Secret in its OSVI API credential',
};
/** @param {string} what */
export const notAnObject = (what) => ({
	received: false,
	error: `The request body must be a JSON object sent as application/json, but it is ${what}`,
});

/** @param {number} n */
export const callLogId = (n) => `8de63236-e013-42dd-9d99-${String(n).padStart(12, '0')}`;

/**
 * OSVI's per-call `webhook_url` payload.
 * @param {string} id  call_log_id
 * @param {string} [callStatus]
 */
export function perCallPayload(id, callStatus = 'picked') {
	return {
		call_log_id: id,
		agent_uuid: 'agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og',
		agent_name: 'Appointment Reminder',
		phone_number: '+919876543210',
		chat: 'Agent: Hello, this is a reminder…\nUser: Yes, I will be there.',
		call_status: callStatus,
		executionMode: 'prod',
	};
}

/**
 * OSVI's dashboard "Post-Call Analysis" integration payload.
 * @param {string} id  call_log_id
 */
export function postCallAnalysisPayload(id) {
	return {
		call_log_id: id,
		phone_number: '+14155550100',
		agent_name: 'agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og',
		call_status: 'not_picked',
		call_type: 'outbound',
		call_summary: 'The customer did not answer.',
		data_capture: { appointment_confirmed: false },
		structured_output: { intent: null, attempts: [1, 2] },
		call_trigger_data: { person_name: 'John Doe', crm_id: 'lead_42' },
	};
}

/** @typedef {'header' | 'bearer' | 'query'} SecretCarrier */
/** @type {SecretCarrier[]} */
export const SECRET_CARRIERS = ['header', 'bearer', 'query'];

/**
 * The three ways a delivery can carry the secret.
 * @param {SecretCarrier} carrier
 * @param {string} secret
 * @returns {{ headers?: Record<string, string>, query?: Record<string, string> }}
 */
export function withSecret(carrier, secret) {
	if (carrier === 'header') return { headers: { 'X-Osvi-Secret': secret } };
	if (carrier === 'bearer') return { headers: { Authorization: `Bearer ${secret}` } };
	return { query: { secret } };
}

/** The rows the place-calls workflow calls; the third has a typo and cannot be a phone number. */
export const CONTACTS = [
	{ name: 'Asha Rao', phone: '98765 43210', appointment: '2026-06-15 10:00' },
	{ name: 'John Doe', phone: '+1 415 555 0100', appointment: '2026-06-15 11:30' },
	{ name: 'Typo Row', phone: '98765-4321x', appointment: '2026-06-15 12:00' },
];

/**
 * The first active agent of a sandbox.
 * @param {import('../scripts/lib/index.mjs').Sandbox} sandbox
 */
export function activeAgentId(sandbox) {
	const agent = sandbox.snapshot().agents.find((candidate) => !candidate.archived);
	if (!agent) throw new Error('The sandbox has no active agent.');
	return agent.agent_id;
}

export const OSVI_NODE = 'OSVI';
export const TRIGGER_NODE = 'OSVI Trigger';

/**
 * Run trigger → Set (a raw JSON list) → Split Out → OSVI Initiate with continue-on-fail: how people place calls
 * from a list (like examples/place-calls-from-a-list.json, without its Webhook URL).
 * @param {string} name
 * @param {string} agentId
 * @param {import('../scripts/lib/index.mjs').CredentialRef} credential
 */
export function placeCallsWorkflow(name, agentId, credential) {
	return runnableWorkflow(name, [
		node(
			'Contacts',
			'n8n-nodes-base.set',
			{ mode: 'raw', jsonOutput: JSON.stringify({ contacts: CONTACTS }, null, 2), options: {} },
			{ typeVersion: 3.4 },
		),
		node('One Item per Contact', 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'contacts', options: {} }),
		osviNode(
			OSVI_NODE,
			{
				resource: 'call',
				operation: 'initiate',
				agentId: { __rl: true, mode: 'list', value: agentId, cachedResultName: 'Appointment Reminder' },
				phoneNumber: '={{ $json.phone }}',
				countryCode: 'IN',
				additionalFields: {
					personName: '={{ $json.name }}',
					additionalData: '={{ JSON.stringify({ appointment: $json.appointment }) }}',
				},
				options: {},
			},
			credential,
			{ onError: 'continueRegularOutput' },
		),
	]);
}

/**
 * Run trigger → one OSVI node.
 * @param {string} name
 * @param {Record<string, unknown>} parameters
 * @param {import('../scripts/lib/index.mjs').CredentialRef} credential
 * @param {{ settings?: Record<string, unknown> }} [options]
 */
export function osviWorkflow(name, parameters, credential, options) {
	return runnableWorkflow(name, [osviNode(OSVI_NODE, parameters, credential)], options);
}

/**
 * A workflow that is only an OSVI Trigger.
 * @param {string} name
 * @param {Parameters<typeof osviTrigger>[1]} parameters
 * @param {import('../scripts/lib/index.mjs').CredentialRef} [credential]
 */
export function triggerWorkflow(name, parameters, credential) {
	return workflow(name, [osviTrigger(TRIGGER_NODE, parameters, credential)]);
}
