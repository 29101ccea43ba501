import { sleep } from 'n8n-workflow';

import type { CallDetail } from '../../sandbox/core';
import { startReceiver, startSandbox } from '../../sandbox/server';
import { query, useSandbox } from './helpers';

interface ListBody {
	data: CallDetail[];
	meta: { current_page: number; total_pages: number; total_count: number; per_page: number };
}

const { sandbox, api, control } = useSandbox({ callCount: 40, callDurationMs: 50 });

async function placeCall(phoneNumber: string, extra: Record<string, unknown> = {}) {
	const response = await api('/v1/call', {
		method: 'POST',
		body: {
			agent_uuid: sandbox().snapshot().agents[0].agent_id,
			phone_number: phoneNumber,
			country_code: 'IN',
			...extra,
		},
	});
	expect(response.status).toBe(200);
	return (response.json as { data: { call_id: string } }).data.call_id;
}

async function detail(callId: string) {
	const response = await api(`/v1/call/${callId}`);
	return { status: response.status, call: (response.json as { data?: CallDetail }).data };
}

const statusOf = (callId: string) =>
	sandbox()
		.snapshot()
		.calls.find((call) => call.call_id === callId)?.status;

async function listAll(params: Record<string, string | number> = {}): Promise<CallDetail[]> {
	const calls: CallDetail[] = [];
	for (let page = 1; ; page++) {
		const body = (await api(`/v1/calls${query({ ...params, page })}`)).json as ListBody;
		calls.push(...body.data);
		if (page >= body.meta.total_pages) return calls;
	}
}

describe('number plans', () => {
	it('set per number how long calls run, or that they never end, over the control API', async () => {
		expect(
			await control('POST', 'plans', [
				{ phoneNumber: '9876543210', durationMs: 600 },
				{ phoneNumber: '+919876543211', neverFinish: true },
			]),
		).toEqual({ status: 200, json: { ok: true, added: 2 } });
		expect((await control('GET', 'plans')).json).toEqual([
			{ phoneNumber: '9876543210', durationMs: 600 },
			{ phoneNumber: '+919876543211', neverFinish: true },
		]);

		const slow = await placeCall('9876543210');
		const never = await placeCall('9876543211');
		const quick = await placeCall('9876543212');

		expect(await sandbox().waitForCallEnd(quick, 500)).toMatchObject({ status: 'picked' });
		expect(statusOf(slow)).toBe('in_progress');
		expect(await sandbox().waitForCallEnd(slow, 2000)).toMatchObject({ status: 'picked' });
		await sleep(100);
		expect(statusOf(never)).toBe('in_progress');
	});

	it('override the outcome of the last digit', async () => {
		sandbox().planCalls({ phoneNumber: '9876543210', outcome: 'busy' });
		const callId = await placeCall('9876543210');
		expect(await sandbox().waitForCallEnd(callId)).toMatchObject({
			status: 'busy',
			call_picked_at: null,
		});
	});

	it('are listed, cleared and forgotten on reset', async () => {
		sandbox().planCalls([{ phoneNumber: '1234', durationMs: 1 }]);
		expect(sandbox().callPlans()).toEqual([{ phoneNumber: '1234', durationMs: 1 }]);
		expect(() => sandbox().planCalls({ phoneNumber: 'x' })).toThrow(/^Invalid plan at phoneNumber/);
		sandbox().clearCallPlans();
		expect(sandbox().callPlans()).toEqual([]);

		expect(await control('POST', 'plans', { phoneNumber: '12345' })).toEqual({
			status: 200,
			json: { ok: true, added: 1 },
		});
		expect(await control('DELETE', 'plans')).toEqual({ status: 200, json: { ok: true } });
		expect(sandbox().callPlans()).toEqual([]);

		sandbox().planCalls({ phoneNumber: '12345' });
		sandbox().reset();
		expect(sandbox().callPlans()).toEqual([]);
	});

	it('answer an invalid plan with 400', async () => {
		expect(await control('POST', 'plans', { phoneNumber: '9876543210', durationMs: -5 })).toEqual({
			status: 400,
			json: { ok: false, error: expect.stringMatching(/^Invalid plan at durationMs/) },
		});
	});
});

describe('calls in progress', () => {
	it('can be re-planned and finished on command over the control API', async () => {
		sandbox().planCalls({ phoneNumber: '9876543210', neverFinish: true });
		const first = await placeCall('9876543210');
		const second = await placeCall('9876543210');

		expect(
			await control('PUT', `calls/${first}/plan`, { durationMs: 100, outcome: 'voicemail' }),
		).toEqual({ status: 200, json: { ok: true } });
		expect(await sandbox().waitForCallEnd(first, 2000)).toMatchObject({ status: 'voicemail' });

		const finished = await control('POST', `calls/${second}/finish`, { outcome: 'failed' });
		expect(finished).toEqual({
			status: 200,
			json: { ok: true, call: expect.objectContaining({ call_id: second, status: 'failed' }) },
		});
		expect((await detail(second)).call?.status).toBe('failed');
	});

	it('finish on command in process, once', async () => {
		sandbox().planCalls({ phoneNumber: '9876543218', neverFinish: true });
		const callId = await placeCall('9876543218');
		expect(sandbox().finishCall(callId)).toMatchObject({ call_id: callId, status: 'busy' });
		expect(() => sandbox().finishCall(callId)).toThrow(`Call ${callId} has already ended (busy)`);
		expect(await control('POST', `calls/${callId}/finish`)).toEqual({
			status: 400,
			json: { ok: false, error: `Call ${callId} has already ended (busy)` },
		});
	});

	it('can be re-planned in process, and a planned end before the re-plan no longer counts', async () => {
		sandbox().planCalls({ phoneNumber: '9876543210', durationMs: 100 });
		const callId = await placeCall('9876543210');
		sandbox().planCall(callId, { durationMs: 400, outcome: 'not_picked' });
		await sleep(250);
		expect(statusOf(callId)).toBe('in_progress');
		expect(await sandbox().waitForCallEnd(callId, 2000)).toMatchObject({ status: 'not_picked' });
	});

	it('lets waitForCallEnd give up with the status it saw', async () => {
		sandbox().planCalls({ phoneNumber: '9876543210', neverFinish: true });
		const callId = await placeCall('9876543210');
		await expect(sandbox().waitForCallEnd(callId, 50)).rejects.toThrow(
			`Call ${callId} did not end within 50 ms (status in_progress)`,
		);
	});

	it('answer an unknown call with 400', async () => {
		expect(await control('PUT', 'calls/nope/plan', { neverFinish: true })).toEqual({
			status: 400,
			json: { ok: false, error: 'No call nope' },
		});
	});
});

describe('the analysis delay', () => {
	it('lets a reader at the end of a call see it ended with the analysis still empty', async () => {
		expect(await control('PUT', 'settings', { analysisDelayMs: 400 })).toMatchObject({
			status: 200,
		});
		sandbox().planCalls({ phoneNumber: '9876543210', neverFinish: true });
		const callId = await placeCall('9876543210', { person_name: 'Asha Rao' });

		sandbox().finishCall(callId);
		expect((await detail(callId)).call).toMatchObject({
			status: 'picked',
			summary: null,
			data_captured: {},
			post_call_analysis: {},
		});
		await sandbox().waitForCallEnd(callId, 2000);
		expect((await detail(callId)).call).toMatchObject({
			summary: 'Asha Rao confirmed the details and ended the call politely.',
			data_captured: { confirmed: true },
		});
	});

	it('can be set per number', async () => {
		sandbox().planCalls({ phoneNumber: '9876543210', neverFinish: true, analysisDelayMs: 300 });
		const callId = await placeCall('9876543210');
		expect(sandbox().finishCall(callId).summary).toBeNull();
		const startedAt = Date.now();
		expect((await sandbox().waitForCallEnd(callId, 2000)).summary).toMatch(/confirmed/);
		expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
	});
});

describe('calls not visible yet', () => {
	it('answer 404 at GET /v1/call/{id} for hiddenForMs while the list shows them', async () => {
		sandbox().configure({ hiddenForMs: 400 });
		const callId = await placeCall('9876543210');

		expect(await detail(callId)).toEqual({ status: 404, call: undefined });
		expect((await api(`/v1/call/${callId}/transcript`)).status).toBe(404);
		const listed = (await api('/v1/calls')).json as ListBody;
		expect(listed.data[0].call_id).toBe(callId);

		await sleep(500);
		expect((await detail(callId)).status).toBe(200);
	});
});

describe('the short id style', () => {
	it('answers call creation with call_… ids, while the list and the webhook use the UUID', async () => {
		const receiver = await startReceiver();
		try {
			expect(await control('PUT', 'settings', { idStyle: 'short' })).toMatchObject({
				status: 200,
				json: { ok: true, settings: expect.objectContaining({ idStyle: 'short' }) },
			});
			const returned = await placeCall('9876543210', { webhook_url: `${receiver.url}/hook` });
			expect(returned).toMatch(/^call_[a-z0-9]{9}$/);

			expect(await detail(returned)).toEqual({ status: 404, call: undefined });
			const [{ call_id: uuid }] = sandbox().snapshot().placedCalls;
			expect(sandbox().snapshot().placedCalls).toEqual([
				{ call_id: uuid, returned_call_id: returned },
			]);

			const agent = sandbox().snapshot().agents[0].agent_id;
			const listed = (
				await api(`/v1/calls${query({ agent_uuid: agent, phone_number: '9876543210' })}`)
			).json as ListBody;
			expect(listed.data[0]).toMatchObject({ call_id: uuid, phone_number: '+919876543210' });
			expect((await detail(uuid)).status).toBe(200);

			const [delivery] = await receiver.waitForRequests(1, 3000);
			expect(delivery.body).toMatchObject({ call_log_id: uuid });
		} finally {
			await receiver.close();
		}
	});

	it('is an option at start-up, and reset brings the start settings back', async () => {
		const short = await startSandbox({ callCount: 5, idStyle: 'short', analysisDelayMs: 5 });
		try {
			expect(short.settings()).toEqual({
				callDurationMs: 200,
				analysisDelayMs: 5,
				hiddenForMs: 0,
				idStyle: 'short',
				recordingTtlSeconds: 900,
			});
			short.configure({ idStyle: 'uuid', callDurationMs: 1000 });
			short.reset();
			expect(short.settings()).toMatchObject({ idStyle: 'short', callDurationMs: 200 });
		} finally {
			await short.close();
		}
		await expect(startSandbox({ callCount: 5, hiddenForMs: -1 })).rejects.toThrow(
			/^Invalid settings at hiddenForMs/,
		);
	});
});

describe('settings over the control API', () => {
	it('are served and refused when invalid', async () => {
		expect(await control('GET', 'settings')).toEqual({
			status: 200,
			json: {
				callDurationMs: 50,
				analysisDelayMs: 0,
				hiddenForMs: 0,
				idStyle: 'uuid',
				recordingTtlSeconds: 900,
			},
		});
		expect(await control('PUT', 'settings', { clockSpeed: 10 })).toEqual({
			status: 400,
			json: { ok: false, error: expect.stringMatching(/^Invalid settings: Unrecognized key/) },
		});
		expect(() => sandbox().configure({ recordingTtlSeconds: 1.5 })).toThrow(
			/^Invalid settings at recordingTtlSeconds/,
		);
	});
});

describe('added calls', () => {
	it('appear newest first over the control API and end after durationMs', async () => {
		const agent = sandbox().snapshot().agents[1];
		const added = await control('POST', 'calls', [
			{ agentUuid: agent.agent_id, durationMs: 150, outcome: 'picked' },
			{ status: 'not_picked', callType: 'inbound', phoneNumber: '+919800000007' },
		]);
		expect(added.status).toBe(200);
		const [running, missed] = (added.json as { calls: CallDetail[] }).calls;
		expect(running).toMatchObject({ agent_uuid: agent.agent_id, status: 'in_progress' });
		expect(missed).toMatchObject({
			status: 'not_picked',
			call_type: 'inbound',
			call_picked_at: null,
			phone_number: '+919800000007',
		});

		const page = (await api('/v1/calls?per_page=2')).json as ListBody;
		expect(page.data.map((call) => call.call_id)).toEqual([missed.call_id, running.call_id]);
		expect(page.meta).toEqual({ current_page: 1, total_pages: 21, total_count: 42, per_page: 2 });

		expect(await sandbox().waitForCallEnd(running.call_id, 2000)).toMatchObject({
			status: 'picked',
		});
		const inbound = (await api('/v1/calls?call_type=inbound&status=not_picked')).json as ListBody;
		expect(inbound.data[0].call_id).toBe(missed.call_id);
	});

	it('stay in progress until finished on command without durationMs', async () => {
		const call = sandbox().addCall({ campaignId: 7, campaignUploadId: 19 });
		await sleep(100);
		expect(statusOf(call.call_id)).toBe('in_progress');
		expect(sandbox().finishCall(call.call_id, { outcome: 'picked' })).toMatchObject({
			status: 'picked',
			campaign_id: 7,
			campaign_upload_id: 19,
		});
	});

	it('keep the listing newest first and its pages consistent as calls are added', async () => {
		const before = await listAll({ per_page: 7 });
		const added = sandbox().addCalls([{}, { status: 'busy' }, { status: 'picked' }]);
		const after = await listAll({ per_page: 7 });

		expect(after.map((call) => call.call_id)).toEqual([
			...added.map((call) => call.call_id).reverse(),
			...before.map((call) => call.call_id),
		]);
		expect(new Set(after.map((call) => call.call_id)).size).toBe(after.length);
		const times = after.map((call) => Date.parse(call.created_at));
		expect(times).toEqual([...times].sort((a, b) => b - a));
		const meta = ((await api('/v1/calls?per_page=7')).json as ListBody).meta;
		expect(meta).toMatchObject({ total_count: 43, total_pages: 7 });
	});

	it('answer an invalid call with 400 and add nothing', async () => {
		expect(await control('POST', 'calls', [{}, { agentUuid: 'agent_nope' }])).toEqual({
			status: 400,
			json: { ok: false, error: 'No agent agent_nope on the account' },
		});
		expect(sandbox().snapshot().calls).toHaveLength(40);
		expect(() => sandbox().addCall({ status: 'busy', durationMs: 5 })).toThrow(
			'Invalid call: durationMs and outcome are only for calls in progress',
		);
	});

	it('are gone after a reset', async () => {
		sandbox().addCalls([{}, {}]);
		sandbox().reset();
		expect(sandbox().snapshot().calls).toHaveLength(40);
	});
});
