import { startSandbox, type Sandbox } from '../../sandbox/server';
import { callApi } from './helpers';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ callCount: 30 });
});

afterEach(() => sandbox.reset());

afterAll(async () => {
	await sandbox.close();
});

const placeBody = () => ({
	agent_uuid: sandbox.snapshot().agents[0].agent_id,
	phone_number: '9876543210',
	country_code: 'IN',
});

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
	const startedAt = Date.now();
	const result = await work();
	return { result, ms: Date.now() - startedAt };
}

describe('status faults', () => {
	it('answer with the status, an OSVI-style error body and Retry-After', async () => {
		sandbox.addFault({ kind: 'status', status: 429, retryAfterSeconds: 2 });
		const response = await callApi(sandbox, '/v1/calls');
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBe('2');
		expect(response.json).toEqual({ success: false, error: 'Sandbox fault: HTTP 429' });
	});

	it('answer with a custom body and no Retry-After unless asked', async () => {
		sandbox.addFault({ kind: 'status', status: 502, body: { message: 'Bad gateway' } });
		const response = await callApi(sandbox, '/v1/active_agents');
		expect(response.status).toBe(502);
		expect(response.headers.get('retry-after')).toBeNull();
		expect(response.json).toEqual({ message: 'Bad gateway' });
	});

	it('affect one request by default, then the sandbox answers normally', async () => {
		sandbox.addFault({ kind: 'status', status: 503 });
		expect((await callApi(sandbox, '/v1/calls')).status).toBe(503);
		expect((await callApi(sandbox, '/v1/calls')).status).toBe(200);
	});

	it('affect as many requests as times says', async () => {
		sandbox.addFault({ kind: 'status', status: 500, times: 2 });
		const statuses = [];
		for (let index = 0; index < 3; index++)
			statuses.push((await callApi(sandbox, '/v1/calls')).status);
		expect(statuses).toEqual([500, 500, 200]);
	});

	it('keep going with times Infinity until cleared', async () => {
		sandbox.addFault({ kind: 'status', status: 503, times: Infinity });
		for (let index = 0; index < 5; index++)
			expect((await callApi(sandbox, '/v1/calls')).status).toBe(503);
		sandbox.clearFaults();
		expect((await callApi(sandbox, '/v1/calls')).status).toBe(200);
	});

	it('hit only the matching method and path', async () => {
		sandbox.addFault({
			kind: 'status',
			status: 500,
			method: 'POST',
			path: '/call',
			times: Infinity,
		});
		expect((await callApi(sandbox, '/v1/calls')).status).toBe(200);
		expect((await callApi(sandbox, '/v1/call', { method: 'POST', body: placeBody() })).status).toBe(
			200,
		);
		expect((await callApi(sandbox, '/call', { method: 'POST', body: placeBody() })).status).toBe(
			500,
		);
	});

	it('hit every path under a prefix ending in *', async () => {
		sandbox.addFault({ kind: 'status', status: 500, path: '/v1/call*', times: Infinity });
		expect((await callApi(sandbox, '/v1/calls')).status).toBe(500);
		expect((await callApi(sandbox, '/v1/call/abc')).status).toBe(500);
		expect((await callApi(sandbox, '/v1/active_agents')).status).toBe(200);
	});

	it('stop the request before it reaches the API, so no call is placed', async () => {
		sandbox.addFault({ kind: 'status', status: 500, path: '/call' });
		expect((await callApi(sandbox, '/call', { method: 'POST', body: placeBody() })).status).toBe(
			500,
		);
		expect(sandbox.snapshot().calls).toHaveLength(30);
	});

	it('apply before authentication', async () => {
		sandbox.addFault({ kind: 'status', status: 503 });
		expect((await callApi(sandbox, '/v1/calls', { token: null })).status).toBe(503);
	});
});

describe('drop faults', () => {
	it('close the connection without an answer, and the request is still logged', async () => {
		sandbox.addFault({ kind: 'drop', path: '/call' });
		await expect(callApi(sandbox, '/call', { method: 'POST', body: placeBody() })).rejects.toThrow(
			'fetch failed',
		);
		expect(sandbox.requests()).toEqual([
			expect.objectContaining({ method: 'POST', path: '/call', body: placeBody() }),
		]);
		expect(sandbox.snapshot().calls).toHaveLength(30);
		expect((await callApi(sandbox, '/call', { method: 'POST', body: placeBody() })).status).toBe(
			200,
		);
	});
});

describe('delay faults', () => {
	it('slow the answer down and then answer normally', async () => {
		sandbox.addFault({ kind: 'delay', ms: 300 });
		const { result, ms } = await timed(() => callApi(sandbox, '/v1/active_agents'));
		expect(result.status).toBe(200);
		expect(ms).toBeGreaterThanOrEqual(290);

		const second = await timed(() => callApi(sandbox, '/v1/active_agents'));
		expect(second.ms).toBeLessThan(290);
	});
});

describe('successFalse faults', () => {
	it('answer 200 with success false and the message', async () => {
		sandbox.addFault({ kind: 'successFalse', message: 'Insufficient credits' });
		const response = await callApi(sandbox, '/call', { method: 'POST', body: placeBody() });
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ success: false, error: 'Insufficient credits' });
	});

	it('use a generic message when none is given', async () => {
		sandbox.addFault({ kind: 'successFalse' });
		expect((await callApi(sandbox, '/v1/calls')).json).toEqual({
			success: false,
			error: 'Something went wrong',
		});
	});
});

describe('malformedJson faults', () => {
	it('answer 200 with a JSON content type and a truncated body', async () => {
		sandbox.addFault({ kind: 'malformedJson' });
		const response = await callApi(sandbox, '/v1/calls');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(response.json).toBeUndefined();
		expect(() => JSON.parse(response.text)).toThrow(SyntaxError);
	});
});

describe('addFault', () => {
	it('throws on a fault it does not understand and adds nothing', async () => {
		expect(() => sandbox.addFault({ kind: 'status', status: 42 })).toThrow(
			/^Invalid fault at status/,
		);
		expect((await callApi(sandbox, '/v1/calls')).status).toBe(200);
	});

	it('accepts several faults at once, used in order', async () => {
		sandbox.addFault([
			{ kind: 'status', status: 429 },
			{ kind: 'status', status: 503 },
		]);
		expect((await callApi(sandbox, '/v1/calls')).status).toBe(429);
		expect((await callApi(sandbox, '/v1/calls')).status).toBe(503);
		expect((await callApi(sandbox, '/v1/calls')).status).toBe(200);
	});
});

describe('latency', () => {
	it('delays every API answer by the configured time', async () => {
		sandbox.setLatency(200);
		const { ms } = await timed(() => callApi(sandbox, '/v1/active_agents'));
		expect(ms).toBeGreaterThanOrEqual(190);
	});

	it('starts from the latencyMs option and rejects a negative latency', async () => {
		const slow = await startSandbox({ callCount: 5, latencyMs: 250 });
		try {
			const { ms } = await timed(() => callApi(slow, '/v1/active_agents'));
			expect(ms).toBeGreaterThanOrEqual(240);
			expect(() => slow.setLatency(-1)).toThrow(TypeError);
		} finally {
			await slow.close();
		}
	});
});
