import {
	osviWebhookPayloadSchema,
	perCallWebhookPayloadSchema,
	postCallAnalysisPayloadSchema,
	readWebhookPayload,
} from '../../../nodes/OsviTrigger/payload';
import { perCallPayload, postCallAnalysisPayload } from './payloads';

describe('OSVI webhook payload schemas', () => {
	it('parses the documented per-call payload unchanged', () => {
		expect(perCallWebhookPayloadSchema.parse(perCallPayload)).toStrictEqual(perCallPayload);
	});

	it('parses the documented Post-Call Analysis payload unchanged', () => {
		expect(postCallAnalysisPayloadSchema.parse(postCallAnalysisPayload)).toStrictEqual(
			postCallAnalysisPayload,
		);
	});

	it('accepts either payload with the combined schema', () => {
		expect(osviWebhookPayloadSchema.parse(perCallPayload)).toStrictEqual(perCallPayload);
		expect(osviWebhookPayloadSchema.parse(postCallAnalysisPayload)).toStrictEqual(
			postCallAnalysisPayload,
		);
	});

	it('keeps unknown fields untouched', () => {
		const body = {
			call_status: 'picked',
			recording_url: 'https://example.com/r.mp3',
			tags: ['a'],
		};
		expect(osviWebhookPayloadSchema.parse(body)).toStrictEqual(body);
	});

	it('accepts an empty object because every section is optional', () => {
		expect(osviWebhookPayloadSchema.parse({})).toStrictEqual({});
	});

	it('accepts null for known fields', () => {
		const body = { call_summary: null, data_capture: null, call_status: null };
		expect(osviWebhookPayloadSchema.parse(body)).toStrictEqual(body);
	});

	it('accepts a call status OSVI may add later', () => {
		expect(osviWebhookPayloadSchema.parse({ call_status: 'transferred' })).toStrictEqual({
			call_status: 'transferred',
		});
	});

	it('rejects a data section that is an array', () => {
		expect(postCallAnalysisPayloadSchema.safeParse({ data_capture: ['x'] }).success).toBe(false);
	});
});

describe('readWebhookPayload', () => {
	it('returns the parsed payload for a valid body', () => {
		expect(readWebhookPayload(perCallPayload)).toStrictEqual({
			ok: true,
			payload: perCallPayload,
		});
	});

	it.each([
		['an array', [perCallPayload], 'an array'],
		['a string', '{"call_status":"picked"}', 'a string'],
		['a number', 42, 'a number'],
		['a boolean', true, 'a boolean'],
		['null', null, 'null'],
		['a missing body', undefined, 'missing'],
	])('rejects %s as not a JSON object', (_label, body, described) => {
		expect(readWebhookPayload(body)).toStrictEqual({
			ok: false,
			message: `The request body must be a JSON object sent as application/json, but it is ${described}`,
		});
	});

	it('names a known field with the wrong type', () => {
		expect(readWebhookPayload({ call_status: 5 })).toStrictEqual({
			ok: false,
			message: 'Invalid field "call_status": Expected string, received number',
		});
	});

	it('names every wrongly typed field', () => {
		expect(readWebhookPayload({ chat: ['Agent: hi'], structured_output: 'yes' })).toStrictEqual({
			ok: false,
			message:
				'Invalid field "chat": Expected string, received array; Invalid field "structured_output": Expected object, received string',
		});
	});
});
