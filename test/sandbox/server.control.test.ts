import { sleep } from 'n8n-workflow';

import { startReceiver } from '../../sandbox/server';
import { useSandbox } from './helpers';

const { sandbox, api, control } = useSandbox({ callCount: 40, callDurationMs: 50 });

const placeBody = (overrides: Record<string, unknown> = {}) => ({
	agent_uuid: sandbox().snapshot().agents[0].agent_id,
	phone_number: '9876543210',
	country_code: 'IN',
	...overrides,
});

describe('the request log', () => {
	it('records method, path, query, lower-case headers, parsed body and raw body in arrival order', async () => {
		await api('/v1/calls?status=picked&page=2&page=3');
		await api('/call', { method: 'POST', body: placeBody() });

		const [list, call] = sandbox().requests();
		expect(list).toEqual({
			method: 'GET',
			path: '/v1/calls',
			query: { status: 'picked', page: '2' },
			headers: expect.objectContaining({ 'api-token': sandbox().token }),
			body: undefined,
			rawBody: '',
		});
		expect(call).toEqual({
			method: 'POST',
			path: '/call',
			query: {},
			headers: expect.objectContaining({
				'api-token': sandbox().token,
				'content-type': 'application/json',
			}),
			body: placeBody(),
			rawBody: JSON.stringify(placeBody()),
		});
		expect(sandbox().requests()).toHaveLength(2);
	});

	it('records requests the sandbox rejects, and keeps a broken body raw', async () => {
		await api('/v1/calls', { token: null });
		await api('/call', { method: 'POST', rawBody: '{oops' });
		await api('/nowhere');
		expect(
			sandbox()
				.requests()
				.map(({ path, body, rawBody }) => ({ path, body, rawBody })),
		).toEqual([
			{ path: '/v1/calls', body: undefined, rawBody: '' },
			{ path: '/call', body: undefined, rawBody: '{oops' },
			{ path: '/nowhere', body: undefined, rawBody: '' },
		]);
	});

	it('hands out copies that callers cannot change', async () => {
		await api('/v1/calls');
		sandbox().requests()[0].path = '/changed';
		expect(sandbox().requests()[0].path).toBe('/v1/calls');
	});

	it('is emptied by clearRequests', async () => {
		await api('/v1/calls');
		sandbox().clearRequests();
		expect(sandbox().requests()).toEqual([]);
	});
});

describe('the control API under /__sandbox/', () => {
	it('serves the request log without logging its own requests or asking for a token', async () => {
		await api('/v1/active_agents');
		const response = await control('GET', 'requests');
		expect(response.status).toBe(200);
		expect(response.json).toEqual(JSON.parse(JSON.stringify(sandbox().requests())));
		expect(
			sandbox()
				.requests()
				.map((request) => request.path),
		).toEqual(['/v1/active_agents']);
	});

	it('clears the request log', async () => {
		await api('/v1/active_agents');
		expect(await control('DELETE', 'requests')).toEqual({ status: 200, json: { ok: true } });
		expect(sandbox().requests()).toEqual([]);
	});

	it('adds one fault or several, and lists them with what is left of them', async () => {
		expect(
			await control('POST', 'faults', { kind: 'status', status: 503, times: 'Infinity' }),
		).toEqual({
			status: 200,
			json: { ok: true, added: 1 },
		});
		expect(
			await control('POST', 'faults', [
				{ kind: 'drop', path: '/call' },
				{ kind: 'delay', ms: 10, times: 3 },
			]),
		).toEqual({ status: 200, json: { ok: true, added: 2 } });

		expect((await control('GET', 'faults')).json).toEqual([
			{ fault: { kind: 'status', status: 503, times: 'Infinity' }, remaining: 'Infinity' },
			{ fault: { kind: 'drop', path: '/call' }, remaining: 1 },
			{ fault: { kind: 'delay', ms: 10, times: 3 }, remaining: 3 },
		]);
		expect((await api('/v1/calls')).status).toBe(503);
	});

	it('answers an invalid fault with 400 and adds nothing', async () => {
		const response = await control('POST', 'faults', { kind: 'status' });
		expect(response.status).toBe(400);
		expect(response.json).toEqual({
			ok: false,
			error: expect.stringMatching(/^Invalid fault at status/),
		});
		expect((await control('GET', 'faults')).json).toEqual([]);
	});

	it('clears the faults', async () => {
		await control('POST', 'faults', { kind: 'status', status: 500, times: 'Infinity' });
		expect(await control('DELETE', 'faults')).toEqual({ status: 200, json: { ok: true } });
		expect((await api('/v1/calls')).status).toBe(200);
	});

	it('sets the latency and refuses a bad one', async () => {
		expect(await control('PUT', 'latency', { ms: 200 })).toEqual({
			status: 200,
			json: { ok: true, ms: 200 },
		});
		const startedAt = Date.now();
		await api('/v1/active_agents');
		expect(Date.now() - startedAt).toBeGreaterThanOrEqual(190);

		const bad = await control('PUT', 'latency', { ms: 'slow' });
		expect(bad.status).toBe(400);
		expect(bad.json).toEqual({
			ok: false,
			error: 'latency must be a non-negative integer of milliseconds (got slow)',
		});
	});

	it('serves the webhook deliveries', async () => {
		const receiver = await startReceiver();
		try {
			await api('/call', {
				method: 'POST',
				body: placeBody({ webhook_url: `${receiver.url}/h` }),
			});
			const deliveries = await sandbox().waitForWebhookDeliveries(1, 3000);
			expect(await control('GET', 'webhooks')).toEqual({ status: 200, json: deliveries });
		} finally {
			await receiver.close();
		}
	});

	it('serves a snapshot of the store', async () => {
		expect((await control('GET', 'snapshot')).json).toEqual(sandbox().snapshot());
	});

	it('answers an unknown control route with 404', async () => {
		expect(await control('GET', 'nothing')).toEqual({
			status: 404,
			json: { ok: false, error: 'No control route GET /__sandbox/nothing' },
		});
	});
});

describe('reset', () => {
	it('puts the store back to the seed and clears the log, faults, deliveries and latency', async () => {
		const seeded = sandbox().snapshot();
		const receiver = await startReceiver();
		try {
			await api('/call', {
				method: 'POST',
				body: placeBody({ webhook_url: `${receiver.url}/h` }),
			});
			await sandbox().waitForWebhookDeliveries(1, 3000);
			sandbox().addFault({ kind: 'status', status: 500, path: '/v1/calls', times: Infinity });
			sandbox().setLatency(300);

			expect(await control('POST', 'reset')).toEqual({ status: 200, json: { ok: true } });

			expect(sandbox().snapshot()).toEqual(seeded);
			expect(sandbox().requests()).toEqual([]);
			expect(sandbox().webhookDeliveries()).toEqual([]);
			const startedAt = Date.now();
			expect((await api('/v1/calls')).status).toBe(200);
			expect(Date.now() - startedAt).toBeLessThan(290);
		} finally {
			await receiver.close();
		}
	});

	it('cancels calls still running, so their webhooks never arrive', async () => {
		const receiver = await startReceiver();
		try {
			await api('/call', {
				method: 'POST',
				body: placeBody({ webhook_url: `${receiver.url}/h` }),
			});
			sandbox().reset();
			await sleep(200);
			expect(receiver.requests()).toEqual([]);
			expect(sandbox().webhookDeliveries()).toEqual([]);
		} finally {
			await receiver.close();
		}
	});

	it('hands out the same call ids again after a reset', async () => {
		const place = async () =>
			(
				(await api('/call', { method: 'POST', body: placeBody() })).json as {
					data: { call_id: string };
				}
			).data.call_id;
		const first = await place();
		sandbox().reset();
		expect(await place()).toBe(first);
	});
});

describe('waiting helpers', () => {
	it('rejects waitForWebhookDeliveries after the timeout', async () => {
		await expect(sandbox().waitForWebhookDeliveries(1, 50)).rejects.toThrow(
			'Expected 1 webhook deliveries within 50 ms, got 0: []',
		);
	});

	it('lets a receiver wait for requests and rejects after the timeout', async () => {
		const receiver = await startReceiver();
		try {
			const response = await fetch(`${receiver.url}/any/path?x=1`, {
				method: 'PUT',
				body: 'plain',
			});
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({ received: true });
			expect(await receiver.waitForRequests(1, 100)).toEqual([
				expect.objectContaining({
					method: 'PUT',
					path: '/any/path',
					query: { x: '1' },
					body: undefined,
					rawBody: 'plain',
				}),
			]);
			await expect(receiver.waitForRequests(2, 50)).rejects.toThrow(
				'Expected 2 requests within 50 ms, got 1',
			);
		} finally {
			await receiver.close();
		}
	});
});
