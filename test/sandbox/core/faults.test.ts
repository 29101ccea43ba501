import {
	faultOutcome,
	parseFaults,
	takeFault,
	type ActiveFault,
} from '../../../sandbox/core/faults';

function active(input: unknown): ActiveFault[] {
	const parsed = parseFaults(input);
	if (!parsed.ok) throw new Error(parsed.error);
	return parsed.faults;
}

describe('parseFaults', () => {
	it('accepts one fault or an array of faults, each affecting one request by default', () => {
		expect(active({ kind: 'drop' })).toEqual([{ fault: { kind: 'drop' }, remaining: 1 }]);
		expect(
			active([{ kind: 'drop' }, { kind: 'delay', ms: 50, times: 2 }]).map((f) => f.remaining),
		).toEqual([1, 2]);
	});

	it('accepts Infinity as a number or as the string "Infinity" from JSON', () => {
		expect(active({ kind: 'drop', times: Infinity })[0].remaining).toBe(Infinity);
		expect(active({ kind: 'drop', times: 'Infinity' })[0].remaining).toBe(Infinity);
	});

	it.each([
		[{ kind: 'explode' }],
		[{ kind: 'status' }],
		[{ kind: 'status', status: 99 }],
		[{ kind: 'delay', ms: -1 }],
		[{ kind: 'drop', times: 0 }],
		[{ kind: 'drop', times: 1.5 }],
		[{ kind: 'drop', path: 'v1/calls' }],
		[{ kind: 'drop', unexpected: true }],
		['drop'],
	])('rejects %p', (input) => {
		expect(parseFaults(input)).toMatchObject({
			ok: false,
			error: expect.stringMatching(/^Invalid fault/),
		});
	});

	it('names the offending field, with its index when an array was given', () => {
		expect(parseFaults({ kind: 'delay', ms: 'slow' })).toEqual({
			ok: false,
			error: 'Invalid fault at ms: Expected number, received string',
		});
		expect(parseFaults([{ kind: 'drop' }, { kind: 'delay' }])).toEqual({
			ok: false,
			error: 'Invalid fault at 1.ms: Required',
		});
	});
});

describe('takeFault', () => {
	it('matches the method case-insensitively and the path exactly', () => {
		const faults = active({ kind: 'drop', method: 'post', path: '/v1/call', times: Infinity });
		expect(takeFault(faults, 'POST', '/v1/call')?.kind).toBe('drop');
		expect(takeFault(faults, 'POST', '/v1/call/')?.kind).toBe('drop');
		expect(takeFault(faults, 'GET', '/v1/call')).toBeNull();
		expect(takeFault(faults, 'POST', '/v1/calls')).toBeNull();
		expect(takeFault(faults, 'POST', '/call')).toBeNull();
	});

	it('matches a path ending in * as a prefix', () => {
		const faults = active({ kind: 'drop', path: '/v1/call*', times: Infinity });
		expect(takeFault(faults, 'GET', '/v1/calls')?.kind).toBe('drop');
		expect(takeFault(faults, 'GET', '/v1/call/abc')?.kind).toBe('drop');
		expect(takeFault(faults, 'GET', '/v1/active_agents')).toBeNull();
	});

	it('matches every request when method and path are left out', () => {
		const faults = active({ kind: 'drop', times: 2 });
		expect(takeFault(faults, 'GET', '/anything')?.kind).toBe('drop');
		expect(takeFault(faults, 'DELETE', '/else')?.kind).toBe('drop');
	});

	it('uses up its times and then lets requests through', () => {
		const faults = active({ kind: 'status', status: 503, times: 2 });
		expect(takeFault(faults, 'GET', '/v1/calls')?.kind).toBe('status');
		expect(takeFault(faults, 'GET', '/v1/calls')?.kind).toBe('status');
		expect(takeFault(faults, 'GET', '/v1/calls')).toBeNull();
		expect(faults).toEqual([]);
	});

	it('applies faults in the order they were added', () => {
		const faults = active([
			{ kind: 'status', status: 429 },
			{ kind: 'status', status: 500 },
		]);
		const first = takeFault(faults, 'GET', '/v1/calls');
		const second = takeFault(faults, 'GET', '/v1/calls');
		expect(
			[first, second].map((fault) => (fault?.kind === 'status' ? fault.status : null)),
		).toEqual([429, 500]);
	});
});

describe('faultOutcome', () => {
	it('answers a status fault with an OSVI-style error body and Retry-After when asked', () => {
		expect(faultOutcome({ kind: 'status', status: 429, retryAfterSeconds: 3 })).toEqual({
			action: 'respond',
			status: 429,
			headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '3' },
			rawBody: '{"success":false,"error":"Sandbox fault: HTTP 429"}',
		});
	});

	it('answers a status fault with the given body', () => {
		expect(faultOutcome({ kind: 'status', status: 500, body: { message: 'boom' } })).toMatchObject({
			status: 500,
			headers: { 'content-type': 'application/json; charset=utf-8' },
			rawBody: '{"message":"boom"}',
		});
	});

	it('answers successFalse with 200 and success false', () => {
		expect(faultOutcome({ kind: 'successFalse', message: 'Quota exceeded' })).toMatchObject({
			status: 200,
			rawBody: '{"success":false,"error":"Quota exceeded"}',
		});
	});

	it('answers malformedJson with a 200 body that is not valid JSON', () => {
		const outcome = faultOutcome({ kind: 'malformedJson' });
		expect(outcome.action === 'respond' && outcome.status).toBe(200);
		expect(() => JSON.parse(outcome.action === 'respond' ? outcome.rawBody : '')).toThrow(
			SyntaxError,
		);
	});

	it('leaves drop and delay to the shell', () => {
		expect(faultOutcome({ kind: 'drop' })).toEqual({ action: 'drop' });
		expect(faultOutcome({ kind: 'delay', ms: 250 })).toEqual({ action: 'delay', ms: 250 });
	});
});
