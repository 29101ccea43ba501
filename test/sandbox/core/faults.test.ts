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

describe('faults for the storage server', () => {
	it('match only requests of their target, the API by default', () => {
		const faults = active([
			{ kind: 'status', status: 500, target: 'storage', times: Infinity },
			{ kind: 'status', status: 503, times: Infinity },
		]);
		expect(takeFault(faults, 'GET', '/recordings/x.wav', 'storage')).toMatchObject({ status: 500 });
		expect(takeFault(faults, 'GET', '/v1/calls')).toMatchObject({ status: 503 });
		expect(takeFault(faults, 'GET', '/v1/calls', 'api')).toMatchObject({ status: 503 });
	});

	it.each([['meta'], ['body']])('refuse a %s fault aimed at the storage server', (kind) => {
		expect(parseFaults({ kind, target: 'storage' })).toEqual({
			ok: false,
			error: `Invalid fault at target: a ${kind} fault applies to API answers only`,
		});
	});
});

describe('redirect faults', () => {
	const context = {
		target: 'api' as const,
		path: '/call',
		query: { a: '1', b: 'x y' },
		headers: { 'api-token': 'secret-token' },
		apiUrl: 'http://127.0.0.1:5000',
		storageUrl: 'http://127.0.0.1:6000',
	};

	it('send API requests to the same path and query on the storage server by default, with 302', () => {
		expect(faultOutcome({ kind: 'redirect' }, context)).toEqual({
			action: 'respond',
			status: 302,
			headers: {
				'content-type': 'text/html; charset=utf-8',
				location: 'http://127.0.0.1:6000/call?a=1&b=x+y',
			},
			rawBody:
				'<html><body>You are being <a href="http://127.0.0.1:6000/call?a=1&b=x+y">redirected</a>.</body></html>',
		});
	});

	it('send storage requests to the API server by default', () => {
		const outcome = faultOutcome(
			{ kind: 'redirect', status: 301 },
			{ ...context, target: 'storage', query: {} },
		);
		expect(outcome).toMatchObject({
			status: 301,
			headers: { location: 'http://127.0.0.1:5000/call' },
		});
	});

	it('use the status and location given', () => {
		expect(
			faultOutcome(
				{ kind: 'redirect', status: 307, location: 'https://elsewhere.example/x' },
				context,
			),
		).toMatchObject({ status: 307, headers: { location: 'https://elsewhere.example/x' } });
	});

	it.each([[300], [304], [200]])('refuse the status %d', (status) => {
		expect(parseFaults({ kind: 'redirect', status })).toMatchObject({
			ok: false,
			error: expect.stringMatching(/^Invalid fault at status/),
		});
	});
});

describe('echoHeaders faults', () => {
	it('answer an OSVI-style error that repeats the request headers, 400 by default', () => {
		const headers = { 'api-token': 'secret-token', 'user-agent': 'n8n' };
		const outcome = faultOutcome(
			{ kind: 'echoHeaders' },
			{ target: 'api', path: '/v1/calls', query: {}, headers, apiUrl: '', storageUrl: '' },
		);
		expect(outcome).toEqual({
			action: 'respond',
			status: 400,
			headers: { 'content-type': 'application/json; charset=utf-8' },
			rawBody: JSON.stringify({
				success: false,
				error:
					'Request rejected. Headers received: {"api-token":"secret-token","user-agent":"n8n"}',
				details: { path: '/v1/calls', headers },
			}),
		});
		expect(faultOutcome({ kind: 'echoHeaders', status: 502 })).toMatchObject({ status: 502 });
	});
});

describe('rewriting faults', () => {
	const page = {
		status: 200,
		headers: { 'content-type': 'application/json; charset=utf-8' },
		body: {
			success: true,
			data: [{ call_id: 'a' }],
			meta: { current_page: 2, total_pages: 3, total_count: 51, per_page: 25 },
		},
	};
	function rewrite(
		fault: Parameters<typeof faultOutcome>[0],
		answer: typeof page | { status: number; headers: Record<string, string>; body: unknown } = page,
	) {
		const outcome = faultOutcome(fault);
		if (outcome.action !== 'rewrite') throw new Error(`expected a rewrite, got ${outcome.action}`);
		return outcome.rewrite(structuredClone(answer));
	}

	it('set meta values of any JSON type and keep data as it was', () => {
		expect(
			rewrite({ kind: 'meta', set: { total_pages: 4294967296, total_count: '?' } }).body,
		).toEqual({
			success: true,
			data: [{ call_id: 'a' }],
			meta: { current_page: 2, total_pages: 4294967296, total_count: '?', per_page: 25 },
		});
	});

	it('remove meta keys, turn true values into strings, or remove meta altogether', () => {
		expect(rewrite({ kind: 'meta', remove: ['current_page'] }).body).toMatchObject({
			meta: { total_pages: 3, total_count: 51, per_page: 25 },
		});
		expect(
			rewrite({ kind: 'meta', stringify: ['current_page', 'total_pages'] }).body,
		).toMatchObject({
			meta: { current_page: '2', total_pages: '3', total_count: 51 },
		});
		expect(rewrite({ kind: 'meta', removeMeta: true }).body).toEqual({
			success: true,
			data: [{ call_id: 'a' }],
		});
	});

	it('leave answers without meta, and errors, as they were', () => {
		const error = { status: 404, headers: {}, body: { success: false, error: 'x', meta: {} } };
		expect(rewrite({ kind: 'meta', set: { total_pages: 9 } }, error)).toEqual(error);
		const created = { status: 200, headers: {}, body: { success: true, data: { call_id: 'c' } } };
		expect(rewrite({ kind: 'meta', set: { total_pages: 9 } }, created)).toEqual(created);
	});

	it('replace a 2xx body whole, or change its top-level keys, or both', () => {
		expect(rewrite({ kind: 'body', body: { success: true } }).body).toEqual({ success: true });
		expect(rewrite({ kind: 'body', body: [] }).body).toEqual([]);
		expect(rewrite({ kind: 'body', body: null }).body).toBeNull();
		expect(rewrite({ kind: 'body', set: { data: 'abc' } }).body).toEqual({
			...page.body,
			data: 'abc',
		});
		expect(rewrite({ kind: 'body', remove: ['data'] }).body).toEqual({
			success: true,
			meta: page.body.meta,
		});
		expect(
			rewrite({
				kind: 'body',
				body: { success: true, data: 1 },
				set: { extra: true },
				remove: ['data'],
				status: 201,
			}),
		).toEqual({ status: 201, headers: page.headers, body: { success: true, extra: true } });
	});

	it('leave an error answer as it was', () => {
		const error = { status: 422, headers: {}, body: { success: false, errors: ['x'] } };
		expect(rewrite({ kind: 'body', body: { success: true } }, error)).toEqual(error);
	});

	it.each([
		[{ kind: 'body', status: 400 }],
		[{ kind: 'meta', set: [] }],
		[{ kind: 'meta', remove: 'current_page' }],
		[{ kind: 'echoHeaders', status: 200 }],
	])('refuse %p', (input) => {
		expect(parseFaults(input)).toMatchObject({
			ok: false,
			error: expect.stringMatching(/^Invalid fault at /),
		});
	});
});
