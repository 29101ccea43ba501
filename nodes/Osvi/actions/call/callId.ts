import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { AdviceOverrides } from '../../../shared/transport/errors';
import { optionsProperty } from '../fields';

/** The Call ID field of Get, Get Transcript and Get Recording. */
export const callIdProperty: INodeProperties = {
	displayName: 'Call ID',
	name: 'callId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 8de63236-e013-42dd-9d99-1be5521701d4',
	description:
		'The call’s ID: the call_id from List calls or Initiate call, or the call_log_id of an OSVI Trigger payload',
};

/** The Call ID, then `fields` of the operation, then Options (Timeout, Max Retries). */
export function callReadProperties(fields: INodeProperties[] = []): INodeProperties[] {
	return [callIdProperty, ...fields, optionsProperty()];
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// OSVI's create-call examples show IDs like call_abc123xyz beside the UUIDs its other endpoints use.
const createStyleId = /^call_[A-Za-z0-9_-]+$/;

/** Whether `value` has the form of an OSVI call ID (a UUID, or `call_…` as call creation shows). */
export function isCallId(value: unknown): boolean {
	return typeof value === 'string' && (uuid.test(value) || createStyleId.test(value));
}

const whatToUse =
	'Use the call_id from List calls or Initiate call, or the call_log_id of an OSVI Trigger payload, such as 8de63236-e013-42dd-9d99-1be5521701d4.';

function problemWith(id: string): string | undefined {
	if (id === '') return `is empty. ${whatToUse}`;
	if (isCallId(id)) return undefined;
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(id)) return `is a web address, not a call ID. ${whatToUse}`;
	if (/\s/.test(id)) return `contains spaces, so it cannot be a call ID. ${whatToUse}`;
	if (id.includes('/')) return `contains a slash (/), so it cannot be a call ID. ${whatToUse}`;
	if (id.startsWith('agent_')) return `is an agent ID, not a call ID. ${whatToUse}`;
	return `is not a call ID: OSVI’s call IDs are UUIDs. ${whatToUse}`;
}

/** The Call ID as pasted (surrounding spaces trimmed), or an issue that stops the item before any request. */
export const callId = z
	.string({ invalid_type_error: `must be text. ${whatToUse}` })
	.transform((value, context) => {
		const id = value.trim();
		const problem = problemWith(id);
		if (problem === undefined) return id;
		context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
		return z.NEVER;
	});

/** `/v1/call/{id}` and the routes below it; the ID is encoded, whatever passed the check. */
export function callPath(id: string, below: '' | '/transcript' | '/recording' = ''): string {
	return `/v1/call/${encodeURIComponent(id)}${below}`;
}

/** OSVI answers 404 for an unknown call and for a malformed ID alike. */
export function callNotFound(id: string): AdviceOverrides {
	const createStyleHint = createStyleId.test(id)
		? ' If this ID came from Initiate call, look the call up with List calls and use its call_id (a UUID).'
		: '';
	return {
		404: {
			message: `OSVI has no call with the ID ${id} on your account`,
			description: `Check the Call ID and that the credential’s API token belongs to the OSVI account that made the call.${createStyleHint}`,
		},
	};
}
