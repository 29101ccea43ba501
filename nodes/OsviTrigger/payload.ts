import type { IDataObject } from 'n8n-workflow';

export type PayloadReadResult = { ok: true; payload: IDataObject } | { ok: false; message: string };

function describeBody(value: unknown): string {
	if (value === undefined) return 'missing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object') return 'an object that is not plain JSON';
	return `a ${typeof value}`;
}

// Checked by tag rather than prototype, so an object parsed in another realm (a VM context) is still plain JSON.
function isPlainObject(value: unknown): value is IDataObject {
	return Object.prototype.toString.call(value) === '[object Object]';
}

/**
 * Takes a delivery's parsed body as it is; never throws. OSVI documents two payloads (per-call `webhook_url` and the
 * Post-Call Analysis integration, every field optional) and no retries, so a delivery turned away for a field's type
 * would be lost: any JSON object is accepted, and its fields are never checked here.
 */
export function readWebhookPayload(body: unknown): PayloadReadResult {
	if (isPlainObject(body)) return { ok: true, payload: body };
	return {
		ok: false,
		message: `The request body must be a JSON object sent as application/json, but it is ${describeBody(body)}`,
	};
}

/**
 * The `call_status` a delivery reports, as text (`5` and `"5"` alike), for the status filter; a missing, null or
 * structured value is no status.
 */
export function callStatusOf(payload: IDataObject): string | undefined {
	const status = payload.call_status;
	if (typeof status === 'string') return status;
	if (typeof status === 'number' || typeof status === 'boolean') return String(status);
	return undefined;
}
