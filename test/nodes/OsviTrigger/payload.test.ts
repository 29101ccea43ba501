import { callStatusOf, readWebhookPayload } from '../../../nodes/OsviTrigger/payload';
import { perCallPayload, postCallAnalysisPayload } from './payloads';

describe('readWebhookPayload', () => {
	it.each([
		['the documented per-call payload', perCallPayload],
		['the documented Post-Call Analysis payload', postCallAnalysisPayload],
	])('takes %s as it is', (_label, body) => {
		const read = readWebhookPayload(body);
		expect(read).toStrictEqual({ ok: true, payload: body });
		expect(read.ok && read.payload).toBe(body);
	});

	it.each([
		['a numeric call_status', { call_status: 5 }],
		['an empty data_capture array', { data_capture: [] }],
		['a chat as an array of turns', { chat: ['Agent: hi', 'User: hello'] }],
		['a structured_output that is text', { structured_output: 'yes' }],
		['call_status as an object', { call_status: { code: 'picked' } }],
		['nulls everywhere', { call_log_id: null, call_status: null, data_capture: null }],
		['an empty object', {}],
		['unknown fields', { recording_url: 'https://example.com/r.mp3', tags: ['a'] }],
	])('accepts a JSON object with %s unchanged', (_label, body) => {
		const read = readWebhookPayload(body);
		expect(read).toStrictEqual({ ok: true, payload: body });
		expect(read.ok && read.payload).toBe(body);
	});

	it('accepts an object without a prototype, as some parsers make them', () => {
		const body = Object.assign(Object.create(null) as Record<string, unknown>, {
			call_status: 'picked',
		});
		expect(readWebhookPayload(body)).toEqual({ ok: true, payload: body });
	});

	it.each([
		['an array', [perCallPayload], 'an array'],
		['a string', '{"call_status":"picked"}', 'a string'],
		['a number', 42, 'a number'],
		['a boolean', true, 'a boolean'],
		['null', null, 'null'],
		['a missing body', undefined, 'missing'],
		['a Buffer', Buffer.from('{"call_status":"picked"}'), 'an object that is not plain JSON'],
		['a Date', new Date(0), 'an object that is not plain JSON'],
	])('rejects %s as not a JSON object', (_label, body, described) => {
		expect(readWebhookPayload(body)).toStrictEqual({
			ok: false,
			message: `The request body must be a JSON object sent as application/json, but it is ${described}`,
		});
	});
});

describe('callStatusOf', () => {
	it.each([
		['a text status', { call_status: 'picked' }, 'picked'],
		['a status OSVI may add later', { call_status: 'transferred' }, 'transferred'],
		['a number, as text', { call_status: 5 }, '5'],
		['a number in text', { call_status: '5' }, '5'],
		['zero, as text', { call_status: 0 }, '0'],
		['a boolean, as text', { call_status: false }, 'false'],
		['an empty text', { call_status: '' }, ''],
		['null as no status', { call_status: null }, undefined],
		['a missing field as no status', { call_log_id: 'c1' }, undefined],
		['an array as no status', { call_status: ['picked'] }, undefined],
		['an object as no status', { call_status: { value: 'picked' } }, undefined],
	])('reads %s', (_label, payload, expected) => {
		expect(callStatusOf(payload)).toBe(expected);
	});
});
