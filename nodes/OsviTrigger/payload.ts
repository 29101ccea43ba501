import { z } from 'zod';

// Every field may be absent (OSVI leaves out sections that have no data) or null. Values are not
// checked against enums, so a new call status or execution mode from OSVI still gets through.
const optionalText = z.string().nullish();
const optionalObject = z.record(z.unknown()).nullish();

/** Body OSVI posts to the `webhook_url` given when a call is started (docs: "Variant A"). */
export const perCallWebhookPayloadSchema = z
	.object({
		call_log_id: optionalText,
		agent_uuid: optionalText,
		agent_name: optionalText,
		phone_number: optionalText,
		chat: optionalText,
		call_status: optionalText,
		executionMode: optionalText,
	})
	.passthrough();

/** Body of an agent's Post-Call Analysis webhook integration in Auto mode (docs: "Variant B"). */
export const postCallAnalysisPayloadSchema = z
	.object({
		call_log_id: optionalText,
		phone_number: optionalText,
		agent_name: optionalText,
		call_status: optionalText,
		call_type: optionalText,
		call_summary: optionalText,
		data_capture: optionalObject,
		structured_output: optionalObject,
		call_trigger_data: optionalObject,
	})
	.passthrough();

// Nothing in a body says which variant sent it, so one schema checks the known fields of both.
export const osviWebhookPayloadSchema = perCallWebhookPayloadSchema
	.merge(postCallAnalysisPayloadSchema)
	.passthrough();

export type PerCallWebhookPayload = z.infer<typeof perCallWebhookPayloadSchema>;
export type PostCallAnalysisPayload = z.infer<typeof postCallAnalysisPayloadSchema>;
export type OsviWebhookPayload = z.infer<typeof osviWebhookPayloadSchema>;

export type PayloadReadResult =
	| { ok: true; payload: OsviWebhookPayload }
	| { ok: false; message: string };

function describeJsonType(value: unknown): string {
	if (value === undefined) return 'missing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return `a ${typeof value}`;
}

/** Checks a parsed request body against both OSVI webhook payloads; never throws. */
export function readWebhookPayload(body: unknown): PayloadReadResult {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return {
			ok: false,
			message: `The request body must be a JSON object sent as application/json, but it is ${describeJsonType(body)}`,
		};
	}

	const result = osviWebhookPayloadSchema.safeParse(body);
	if (result.success) return { ok: true, payload: result.data };

	const problems = result.error.issues.map(
		(issue) => `Invalid field "${issue.path.join('.')}": ${issue.message}`,
	);
	return { ok: false, message: problems.join('; ') };
}
