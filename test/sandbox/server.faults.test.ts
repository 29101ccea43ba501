import { startSandbox } from '../../sandbox/server';
import { callApi, useSandbox } from './helpers';

const { sandbox, api } = useSandbox({ callCount: 30 });

const placeBody = () => ({
	agent_uuid: sandbox().snapshot().agents[0].agent_id,
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
		sandbox().addFault({ kind: 'status', status: 429, retryAfterSeconds: 2 });
		const response = await api('/v1/calls');
		expect(response.status).toBe(429);
		expect(response.headers.get('retry-after')).toBe('2');
		expect(response.json).toEqual({ success: false, error: 'Sandbox fault: HTTP 429' });
	});

	it('answer with a custom body and no Retry-After unless asked', async () => {
		sandbox().addFault({ kind: 'status', status: 502, body: { message: 'Bad gateway' } });
		const response = await api('/v1/active_agents');
		expect(response.status).toBe(502);
		expect(response.headers.get('retry-after')).toBeNull();
		expect(response.json).toEqual({ message: 'Bad gateway' });
	});

	it('affect one request by default, then the sandbox answers normally', async () => {
		sandbox().addFault({ kind: 'status', status: 503 });
		expect((await api('/v1/calls')).status).toBe(503);
		expect((await api('/v1/calls')).status).toBe(200);
	});

	it('affect as many requests as times says', async () => {
		sandbox().addFault({ kind: 'status', status: 500, times: 2 });
		const statuses = [];
		for (let index = 0; index < 3; index++) statuses.push((await api('/v1/calls')).status);
		expect(statuses).toEqual([500, 500, 200]);
	});

	it('keep going with times Infinity until cleared', async () => {
		sandbox().addFault({ kind: 'status', status: 503, times: Infinity });
		for (let index = 0; index < 5; index++) expect((await api('/v1/calls')).status).toBe(503);
		sandbox().clearFaults();
		expect((await api('/v1/calls')).status).toBe(200);
	});

	it('hit only the matching method and path', async () => {
		sandbox().addFault({
			kind: 'status',
			status: 500,
			method: 'POST',
			path: '/call',
			times: Infinity,
		});
		expect((await api('/v1/calls')).status).toBe(200);
		expect((await api('/v1/call', { method: 'POST', body: placeBody() })).status).toBe(200);
		expect((await api('/call', { method: 'POST', body: placeBody() })).status).toBe(500);
	});

	it('hit every path under a prefix ending in *', async () => {
		sandbox().addFault({ kind: 'status', status: 500, path: '/v1/call*', times: Infinity });
		expect((await api('/v1/calls')).status).toBe(500);
		expect((await api('/v1/call/abc')).status).toBe(500);
		expect((await api('/v1/active_agents')).status).toBe(200);
	});

	it('stop the request before it reaches the API, so no call is placed', async () => {
		sandbox().addFault({ kind: 'status', status: 500, path: '/call' });
		expect((await api('/call', { method: 'POST', body: placeBody() })).status).toBe(500);
		expect(sandbox().snapshot().calls).toHaveLength(30);
	});

	it('apply before authentication', async () => {
		sandbox().addFault({ kind: 'status', status: 503 });
		expect((await api('/v1/calls', { token: null })).status).toBe(503);
	});
});

describe('drop faults', () => {
	it('close the connection without an answer, and the request is still logged', async () => {
		sandbox().addFault({ kind: 'drop', path: '/call' });
		await expect(api('/call', { method: 'POST', body: placeBody() })).rejects.toThrow(
			'fetch failed',
		);
		expect(sandbox().requests()).toEqual([
			expect.objectContaining({ method: 'POST', path: '/call', body: placeBody() }),
		]);
		expect(sandbox().snapshot().calls).toHaveLength(30);
		expect((await api('/call', { method: 'POST', body: placeBody() })).status).toBe(200);
	});
});

describe('delay faults', () => {
	it('slow the answer down and then answer normally', async () => {
		sandbox().addFault({ kind: 'delay', ms: 300 });
		const { result, ms } = await timed(() => api('/v1/active_agents'));
		expect(result.status).toBe(200);
		expect(ms).toBeGreaterThanOrEqual(290);

		const second = await timed(() => api('/v1/active_agents'));
		expect(second.ms).toBeLessThan(290);
	});
});

describe('successFalse faults', () => {
	it('answer 200 with success false and the message', async () => {
		sandbox().addFault({ kind: 'successFalse', message: 'Insufficient credits' });
		const response = await api('/call', { method: 'POST', body: placeBody() });
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ success: false, error: 'Insufficient credits' });
	});

	it('use a generic message when none is given', async () => {
		sandbox().addFault({ kind: 'successFalse' });
		expect((await api('/v1/calls')).json).toEqual({
			success: false,
			error: 'Something went wrong',
		});
	});
});

describe('malformedJson faults', () => {
	it('answer 200 with a JSON content type and a truncated body', async () => {
		sandbox().addFault({ kind: 'malformedJson' });
		const response = await api('/v1/calls');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(response.json).toBeUndefined();
		expect(() => JSON.parse(response.text)).toThrow(SyntaxError);
	});
});

describe('addFault', () => {
	it('throws on a fault it does not understand and adds nothing', async () => {
		expect(() => sandbox().addFault({ kind: 'status', status: 42 })).toThrow(
			/^Invalid fault at status/,
		);
		expect((await api('/v1/calls')).status).toBe(200);
	});

	it('accepts several faults at once, used in order', async () => {
		sandbox().addFault([
			{ kind: 'status', status: 429 },
			{ kind: 'status', status: 503 },
		]);
		expect((await api('/v1/calls')).status).toBe(429);
		expect((await api('/v1/calls')).status).toBe(503);
		expect((await api('/v1/calls')).status).toBe(200);
	});
});

describe('latency', () => {
	it('delays every API answer by the configured time', async () => {
		sandbox().setLatency(200);
		const { ms } = await timed(() => api('/v1/active_agents'));
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

describe('redirect faults', () => {
	it('answer 302 with a Location on the storage server, which logs a client that follows it', async () => {
		sandbox().addFault({ kind: 'redirect', path: '/v1/calls' });
		const response = await fetch(`${sandbox().url}/v1/calls?page=2`, {
			headers: { 'API-Token': sandbox().token },
			redirect: 'manual',
		});
		expect(response.status).toBe(302);
		expect(response.headers.get('location')).toBe(`${sandbox().storageUrl}/v1/calls?page=2`);
		expect(sandbox().storageRequests()).toEqual([]);

		sandbox().addFault({ kind: 'redirect', path: '/v1/calls' });
		const followed = await api('/v1/calls?page=2');
		expect(followed.status).toBe(403);
		expect(sandbox().storageRequests()).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/v1/calls',
				query: { page: '2' },
				headers: expect.objectContaining({ 'api-token': sandbox().token }),
			}),
		]);
	});

	it('answer call creation with 307 before a call is placed, and a client re-sends the POST', async () => {
		sandbox().addFault({ kind: 'redirect', status: 307, method: 'POST', path: '/call' });
		const response = await api('/call', { method: 'POST', body: placeBody() });
		expect(response.status).toBe(405);
		expect(sandbox().snapshot().calls).toHaveLength(30);
		expect(sandbox().storageRequests()).toEqual([
			expect.objectContaining({
				method: 'POST',
				path: '/call',
				headers: expect.objectContaining({ 'api-token': sandbox().token }),
			}),
		]);
	});

	it('send a client where location says', async () => {
		sandbox().addFault({
			kind: 'redirect',
			status: 308,
			location: 'https://elsewhere.example/x?y=1',
		});
		const response = await fetch(`${sandbox().url}/v1/active_agents`, { redirect: 'manual' });
		expect(response.status).toBe(308);
		expect(response.headers.get('location')).toBe('https://elsewhere.example/x?y=1');
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
	});
});

describe('meta faults', () => {
	interface Page {
		data: Array<{ call_id: string }>;
		meta?: Record<string, unknown>;
	}
	const page = async (path: string) => (await api(path)).json as Page;

	it('give a page an absurd total_pages and a wrong total_count while data stays true', async () => {
		const truthful = await page('/v1/calls?per_page=10');
		sandbox().addFault({
			kind: 'meta',
			path: '/v1/calls',
			set: { total_pages: 4294967296, total_count: 3 },
		});
		expect(await page('/v1/calls?per_page=10')).toEqual({
			success: true,
			data: truthful.data,
			meta: { current_page: 1, total_pages: 4294967296, total_count: 3, per_page: 10 },
		});
	});

	it('remove current_page or make it a string on every page', async () => {
		sandbox().addFault({ kind: 'meta', path: '/v1/calls', remove: ['current_page'], times: 2 });
		expect((await page('/v1/calls?page=2')).meta).toEqual({
			total_pages: 2,
			total_count: 30,
			per_page: 25,
		});
		expect((await page('/v1/calls?page=1')).meta).not.toHaveProperty('current_page');

		sandbox().addFault({ kind: 'meta', stringify: ['current_page'], times: Infinity });
		expect((await page('/v1/calls?page=2')).meta).toMatchObject({ current_page: '2' });
		expect((await page('/v1/calls?page=1')).meta).toMatchObject({ current_page: '1' });
	});

	it('lie on the Do Not Disturb list as well', async () => {
		const agentUuid = sandbox().snapshot().agents[0].agent_id;
		const path = `/v1/dnd_numbers?agent_uuid=${agentUuid}&per_page=2`;
		const truthful = await page(path);
		sandbox().addFault({ kind: 'meta', path: '/v1/dnd_numbers', set: { total_pages: 3000 } });
		const lying = await page(path);
		expect(lying.data).toEqual(truthful.data);
		expect(lying.meta).toEqual({ ...truthful.meta, total_pages: 3000 });
	});

	it('remove meta altogether, and are added over the control API', async () => {
		const response = await fetch(`${sandbox().url}/__sandbox/faults`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ kind: 'meta', removeMeta: true }),
		});
		expect(response.status).toBe(200);
		const body = await page('/v1/calls');
		expect(Object.keys(body)).toEqual(['success', 'data']);
		expect(body.data).toHaveLength(25);
	});
});

describe('body faults', () => {
	it.each([[{ success: true }], [[]], [{ success: true, data: 'abc' }]])(
		'answer call creation with %p after the call was placed',
		async (body) => {
			sandbox().addFault({ kind: 'body', path: '/call', body });
			const response = await api('/call', { method: 'POST', body: placeBody() });
			expect(response.status).toBe(200);
			expect(response.json).toEqual(body);
			expect(sandbox().snapshot().calls).toHaveLength(31);
			expect(sandbox().snapshot().calls[0].status).toBe('in_progress');
		},
	);

	it('take data out of a list page, or change it, keeping the rest', async () => {
		sandbox().addFault([
			{ kind: 'body', path: '/v1/calls', remove: ['data'] },
			{ kind: 'body', path: '/v1/calls', set: { data: 'abc' } },
		]);
		expect((await api('/v1/calls')).json).toEqual({
			success: true,
			meta: { current_page: 1, total_pages: 2, total_count: 30, per_page: 25 },
		});
		expect((await api('/v1/calls')).json).toMatchObject({
			success: true,
			data: 'abc',
		});
	});

	it('leave an error answer as it was', async () => {
		sandbox().addFault({ kind: 'body', body: { success: true } });
		const response = await api('/v1/calls?status=nope');
		expect(response.status).toBe(422);
		expect(response.json).toMatchObject({ success: false });
	});
});

describe('echoHeaders faults', () => {
	it('answer an error whose text repeats the API token the request carried', async () => {
		sandbox().addFault({ kind: 'echoHeaders', status: 422, path: '/call' });
		const response = await api('/call', { method: 'POST', body: placeBody() });
		expect(response.status).toBe(422);
		const body = response.json as { success: boolean; error: string; details: { headers: object } };
		expect(body.success).toBe(false);
		expect(body.error).toContain(`"api-token":"${sandbox().token}"`);
		expect(body.details.headers).toMatchObject({ 'api-token': sandbox().token });
		expect(sandbox().snapshot().calls).toHaveLength(30);
	});
});

describe('faults on the storage server', () => {
	async function recordingUrl(): Promise<string> {
		const picked = sandbox()
			.snapshot()
			.calls.find((call) => call.status === 'picked');
		const response = await api(`/v1/call/${picked?.call_id}/recording`);
		return (response.json as { data: { recording_url: string } }).data.recording_url;
	}

	it('answer a download with the status given, and leave the API alone', async () => {
		sandbox().addFault({ kind: 'status', status: 500, target: 'storage', times: Infinity });
		const url = await recordingUrl();
		expect((await fetch(url)).status).toBe(500);
		expect(sandbox().storageRequests()).toHaveLength(1);
	});

	it('drop or slow down a download', async () => {
		sandbox().addFault([
			{ kind: 'drop', target: 'storage' },
			{ kind: 'delay', ms: 300, target: 'storage' },
		]);
		const url = await recordingUrl();
		await expect(fetch(url)).rejects.toThrow('fetch failed');
		const { result, ms } = await timed(() => fetch(url));
		expect(result.status).toBe(200);
		expect(ms).toBeGreaterThanOrEqual(290);
	});
});
