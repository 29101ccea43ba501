// @ts-check
// The workflows the end-to-end suite imports into n8n: two of the shipped examples as they are, and small
// workflows built here. Node and credential names are what users' saved workflows contain.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_DIR } from '../scripts/lib/pack.mjs';
import { SANDBOX_CREDENTIAL } from './support.mjs';

export const MANUAL_TRIGGER = 'Manual';
export const OSVI_NODE = 'OSVI';
export const TRIGGER_NODE = 'OSVI Trigger';

/** Fixed webhook ids, so production URLs are known before n8n starts (`/webhook/<webhookId>/webhook`). */
export const WEBHOOK_IDS = {
	deliveries: 'osvi-e2e-deliveries',
	noAuthentication: 'osvi-e2e-no-authentication',
	load: 'osvi-e2e-load',
	unconfiguredSecret: 'osvi-e2e-unconfigured-secret',
	put: 'osvi-e2e-put',
	/** The one examples/react-to-finished-calls.json sets. */
	example: example('react-to-finished-calls').nodes.find(
		(/** @type {{ type: string }} */ node) => node.type === 'n8n-nodes-osvi.osviTrigger',
	).webhookId,
};

/**
 * A shipped example workflow, unchanged.
 * @param {'place-calls-from-a-list' | 'react-to-finished-calls' | 'list-yesterdays-answered-calls'} name
 * @returns {Record<string, any>}
 */
export function example(name) {
	return JSON.parse(readFileSync(join(PROJECT_DIR, 'examples', `${name}.json`), 'utf8'));
}

/**
 * Manual trigger → one OSVI node.
 * @param {string} name
 * @param {Record<string, unknown>} parameters
 * @param {{ credential?: { id: string, name: string }, settings?: Record<string, unknown> }} [options]
 */
export function osviWorkflow(name, parameters, options = {}) {
	return {
		name,
		nodes: [
			{
				id: 'b1f0c9a0-0000-4000-8000-000000000001',
				name: MANUAL_TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'b1f0c9a0-0000-4000-8000-000000000002',
				name: OSVI_NODE,
				type: 'n8n-nodes-osvi.osvi',
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: { osviApi: options.credential ?? SANDBOX_CREDENTIAL },
			},
		],
		connections: {
			[MANUAL_TRIGGER]: { main: [[{ node: OSVI_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1', ...options.settings },
	};
}

/** The rows `placeCallsWorkflow()` calls; the third has a typo and cannot be a phone number. */
export const CONTACTS = [
	{ name: 'Asha Rao', phone: '98765 43210', appointment: '2026-06-15 10:00' },
	{ name: 'John Doe', phone: '+1 415 555 0100', appointment: '2026-06-15 11:30' },
	{ name: 'Typo Row', phone: '98765-4321x', appointment: '2026-06-15 12:00' },
];

/**
 * Manual trigger → Set (raw JSON list) → Split Out → OSVI Initiate with continue-on-fail: how people place
 * calls from a list (like examples/place-calls-from-a-list.json, without its Webhook URL).
 * @param {string} agentId
 */
export function placeCallsWorkflow(agentId) {
	return {
		name: 'e2e: place calls from a list',
		nodes: [
			{
				id: 'b1f0c9a0-0000-4000-8000-000000000011',
				name: MANUAL_TRIGGER,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'b1f0c9a0-0000-4000-8000-000000000012',
				name: 'Contacts',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					mode: 'raw',
					jsonOutput: JSON.stringify({ contacts: CONTACTS }, null, 2),
					options: {},
				},
			},
			{
				id: 'b1f0c9a0-0000-4000-8000-000000000013',
				name: 'One Item per Contact',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [440, 0],
				parameters: { fieldToSplitOut: 'contacts', options: {} },
			},
			{
				id: 'b1f0c9a0-0000-4000-8000-000000000014',
				name: OSVI_NODE,
				type: 'n8n-nodes-osvi.osvi',
				typeVersion: 1,
				position: [660, 0],
				onError: 'continueRegularOutput',
				parameters: {
					resource: 'call',
					operation: 'initiate',
					agentId: {
						__rl: true,
						mode: 'list',
						value: agentId,
						cachedResultName: 'Appointment Reminder',
					},
					phoneNumber: '={{ $json.phone }}',
					countryCode: 'IN',
					additionalFields: {
						personName: '={{ $json.name }}',
						additionalData: '={{ JSON.stringify({ appointment: $json.appointment }) }}',
					},
					options: {},
				},
				credentials: { osviApi: SANDBOX_CREDENTIAL },
			},
		],
		connections: {
			[MANUAL_TRIGGER]: { main: [[{ node: 'Contacts', type: 'main', index: 0 }]] },
			Contacts: { main: [[{ node: 'One Item per Contact', type: 'main', index: 0 }]] },
			'One Item per Contact': { main: [[{ node: OSVI_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * A workflow that is only an OSVI Trigger.
 * @param {string} name
 * @param {string} webhookId
 * @param {{ authentication: 'none' | 'webhookSecret', callStatus?: string[], httpMethod?: 'POST' | 'PUT' | 'PATCH' }} parameters
 * @param {{ credential?: { id: string, name: string } }} [options]
 */
export function triggerWorkflow(name, webhookId, parameters, options = {}) {
	return {
		name,
		nodes: [
			{
				id: 'b1f0c9a0-0000-4000-8000-000000000003',
				name: TRIGGER_NODE,
				type: 'n8n-nodes-osvi.osviTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { httpMethod: 'POST', callStatus: [], ...parameters },
				...(parameters.authentication === 'webhookSecret'
					? { credentials: { osviApi: options.credential ?? SANDBOX_CREDENTIAL } }
					: {}),
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/** Path of a trigger's production webhook after /webhook/ (the trigger has no isFullPath). @param {string} webhookId */
export function triggerPath(webhookId) {
	return `${webhookId}/webhook`;
}
