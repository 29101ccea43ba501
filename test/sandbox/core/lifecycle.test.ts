import { finishCall, placeCall, validateCallBody } from '../../../sandbox/core/calls';
import { handleRequest } from '../../../sandbox/core/handler';
import {
	addCalls,
	addNumberPlans,
	finishCallNow,
	initialSettings,
	planRunningCall,
	revealAnalysis,
	revealCall,
	updateSettings,
} from '../../../sandbox/core/lifecycle';
import { snapshot } from '../../../sandbox/core';
import type { CallDetail, SandboxState } from '../../../sandbox/core/types';
import { makeRequest, makeState } from './helpers';

function place(
	state: SandboxState,
	phoneNumber = '9876543210',
	extra: Record<string, unknown> = {},
) {
	const agent = state.agents[0];
	const validation = validateCallBody(
		{ agent_uuid: agent.agent_id, phone_number: phoneNumber, country_code: 'IN', ...extra },
		'legacy',
	);
	if (!validation.ok) throw new Error(validation.errors.join('; '));
	return placeCall(state, agent, validation.input);
}

const detailOf = (state: SandboxState, callId: string): CallDetail => {
	const call = state.calls.find((candidate) => candidate.detail.call_id === callId);
	if (!call) throw new Error(`no call ${callId}`);
	return call.detail;
};

function ok<T extends { ok: boolean }>(outcome: T | { ok: false; error: string }): T {
	if (!outcome.ok) throw new Error((outcome as { error: string }).error);
	return outcome as T;
}

describe('settings', () => {
	it('start from the options, with defaults for what they leave out', () => {
		expect(initialSettings(makeState().options)).toEqual({
			callDurationMs: 200,
			analysisDelayMs: 0,
			hiddenForMs: 0,
			idStyle: 'uuid',
			recordingTtlSeconds: 900,
		});
		expect(makeState({ idStyle: 'short', recordingTtlSeconds: 5 }).settings).toMatchObject({
			idStyle: 'short',
			recordingTtlSeconds: 5,
		});
	});

	it('change in part, and refuse unknown names or bad values without changing anything', () => {
		const state = makeState();
		expect(updateSettings(state, { analysisDelayMs: 300, idStyle: 'short' })).toEqual({
			ok: true,
			settings: {
				callDurationMs: 200,
				analysisDelayMs: 300,
				hiddenForMs: 0,
				idStyle: 'short',
				recordingTtlSeconds: 900,
			},
		});
		expect(updateSettings(state, { idStyle: 'ulid' })).toMatchObject({
			ok: false,
			error: expect.stringMatching(/^Invalid settings at idStyle: /),
		});
		expect(updateSettings(state, { hiddenForMs: -1, speed: 2 })).toMatchObject({ ok: false });
		expect(state.settings.idStyle).toBe('short');
	});
});

describe('number plans', () => {
	it('set how long a call to the number runs, by national digits or E.164', () => {
		const state = makeState();
		ok(
			addNumberPlans(state, [
				{ phoneNumber: '9876543210', durationMs: 1500 },
				{ phoneNumber: '+919876543211', durationMs: 50 },
			]),
		);
		expect(place(state, '9876543210').effects).toEqual([
			{ kind: 'finishCall', callId: state.calls[0].detail.call_id, afterMs: 1500 },
		]);
		expect(place(state, '9876543211').effects).toEqual([
			{ kind: 'finishCall', callId: state.calls[0].detail.call_id, afterMs: 50 },
		]);
		expect(place(state, '9876543212').effects).toEqual([
			{ kind: 'finishCall', callId: state.calls[0].detail.call_id, afterMs: 200 },
		]);
	});

	it('let a call never finish by itself', () => {
		const state = makeState();
		ok(addNumberPlans(state, { phoneNumber: '9876543210', neverFinish: true }));
		expect(place(state).effects).toEqual([]);
	});

	it('override the outcome the last digit would give', () => {
		const state = makeState();
		ok(addNumberPlans(state, { phoneNumber: '9876543210', outcome: 'voicemail' }));
		const { callId } = place(state);
		finishCall(state, callId);
		expect(detailOf(state, callId)).toMatchObject({
			status: 'voicemail',
			call_ended_by: 'agent',
			call_ended_reason: 'voicemail',
			call_picked_at: detailOf(state, callId).created_at,
			summary: 'Reached voicemail and left a short message.',
		});
	});

	it('use the last plan that matches', () => {
		const state = makeState();
		ok(addNumberPlans(state, { phoneNumber: '3210', durationMs: 10 }));
		ok(addNumberPlans(state, { phoneNumber: '9876543210', durationMs: 20 }));
		expect(place(state).effects).toMatchObject([{ afterMs: 20 }]);
	});

	it.each([
		[{ durationMs: 5 }, 'Invalid plan at phoneNumber: Required'],
		[
			{ phoneNumber: '98-76', durationMs: 5 },
			expect.stringMatching(/^Invalid plan at phoneNumber/),
		],
		[
			{ phoneNumber: '9876543210', durationMs: 5, neverFinish: true },
			'Invalid plan: durationMs and neverFinish cannot both be given',
		],
		[
			{ phoneNumber: '9876543210', outcome: 'in_progress' },
			expect.stringMatching(/^Invalid plan at outcome/),
		],
		[
			{ phoneNumber: '9876543210', slow: true },
			expect.stringMatching(/^Invalid plan: Unrecognized key/),
		],
	])('refuse %p', (plan, error) => {
		const state = makeState();
		expect(addNumberPlans(state, plan)).toEqual({ ok: false, error });
		expect(state.numberPlans).toEqual([]);
	});
});

describe('hidden calls', () => {
	it('answer 404 at their own routes until revealed, while the list shows them', () => {
		const state = makeState({ hiddenForMs: 300 });
		const { callId, effects } = place(state);
		expect(effects).toEqual([
			{ kind: 'finishCall', callId, afterMs: 200 },
			{ kind: 'revealCall', callId, afterMs: 300 },
		]);
		for (const suffix of ['', '/transcript', '/recording']) {
			const response = handleRequest(state, makeRequest('GET', `/v1/call/${callId}${suffix}`));
			expect(response.status).toBe(404);
			expect(response.body).toEqual({ success: false, error: 'Call not found' });
		}
		const list = handleRequest(state, makeRequest('GET', '/v1/calls')).body as {
			data: CallDetail[];
		};
		expect(list.data[0].call_id).toBe(callId);

		revealCall(state, callId);
		expect(handleRequest(state, makeRequest('GET', `/v1/call/${callId}`)).status).toBe(200);
	});

	it('can be planned per number', () => {
		const state = makeState();
		ok(addNumberPlans(state, { phoneNumber: '9876543210', hiddenForMs: 100 }));
		expect(place(state).effects.map((effect) => effect.kind)).toEqual(['finishCall', 'revealCall']);
		expect(place(state, '9876543211').effects.map((effect) => effect.kind)).toEqual(['finishCall']);
	});
});

describe('the analysis delay', () => {
	it('keeps summary, data_captured and post_call_analysis empty until revealed', () => {
		const state = makeState({ analysisDelayMs: 250 });
		const { callId } = place(state, '9876543210', { person_name: 'Asha' });

		expect(finishCall(state, callId)).toEqual([{ kind: 'revealAnalysis', callId, afterMs: 250 }]);
		expect(detailOf(state, callId)).toMatchObject({
			status: 'picked',
			summary: null,
			data_captured: {},
			post_call_analysis: {},
		});

		revealAnalysis(state, callId);
		expect(detailOf(state, callId)).toMatchObject({
			summary: 'Asha confirmed the details and ended the call politely.',
			data_captured: { confirmed: true },
			post_call_analysis: { sentiment: 'positive', callback_required: false },
		});
	});

	it('schedules nothing for a call that ends unanswered', () => {
		const state = makeState({ analysisDelayMs: 250 });
		const { callId } = place(state, '9876543217');
		expect(finishCall(state, callId)).toEqual([]);
	});

	it('puts the webhook first when there is one', () => {
		const state = makeState({ analysisDelayMs: 250 });
		const { callId } = place(state, '9876543210', { webhook_url: 'https://hooks.example/x' });
		expect(finishCall(state, callId).map((effect) => effect.kind)).toEqual([
			'deliverWebhook',
			'revealAnalysis',
		]);
	});
});

describe('the short id style', () => {
	it('answers call creation with an id like call_abc123xyz that the detail route does not know', () => {
		const state = makeState({ idStyle: 'short' });
		const created = handleRequest(
			state,
			makeRequest('POST', '/v1/call', {
				body: {
					agent_uuid: state.agents[0].agent_id,
					phone_number: '9876543210',
					country_code: 'IN',
				},
			}),
		);
		const returned = (created.body as { data: { call_id: string } }).data.call_id;
		const uuid = state.calls[0].detail.call_id;

		expect(returned).toMatch(/^call_[a-z0-9]{9}$/);
		expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
		expect(handleRequest(state, makeRequest('GET', `/v1/call/${returned}`)).status).toBe(404);
		expect(handleRequest(state, makeRequest('GET', `/v1/call/${uuid}`)).status).toBe(200);
		expect(snapshot(state).placedCalls).toEqual([{ call_id: uuid, returned_call_id: returned }]);
	});

	it('keeps the UUIDs of placed calls the same as in the uuid style', () => {
		const short = makeState({ idStyle: 'short' });
		const uuid = makeState();
		expect(place(short).callId).toBe(place(uuid).callId);
	});

	it('returns the stored UUID as both ids in the uuid style', () => {
		const state = makeState();
		const { callId, returnedCallId } = place(state);
		expect(returnedCallId).toBe(callId);
		expect(snapshot(state).placedCalls).toEqual([{ call_id: callId, returned_call_id: callId }]);
	});
});

describe('planRunningCall', () => {
	it('replaces the scheduled end: the earlier finish does nothing, the new one ends the call', () => {
		const state = makeState();
		const { callId } = place(state);
		const { effects } = ok(planRunningCall(state, callId, { durationMs: 5000, outcome: 'busy' }));
		expect(effects).toEqual([{ kind: 'finishCall', callId, afterMs: 5000, ticket: 1 }]);

		expect(finishCall(state, callId)).toEqual([]);
		expect(detailOf(state, callId).status).toBe('in_progress');
		finishCall(state, callId, 1);
		expect(detailOf(state, callId).status).toBe('busy');
	});

	it('can keep a call running for good', () => {
		const state = makeState();
		const { callId } = place(state);
		expect(ok(planRunningCall(state, callId, { neverFinish: true })).effects).toEqual([]);
		finishCall(state, callId);
		expect(detailOf(state, callId).status).toBe('in_progress');
	});

	it('changes only the outcome when no end is given', () => {
		const state = makeState();
		const { callId } = place(state);
		expect(ok(planRunningCall(state, callId, { outcome: 'failed' })).effects).toEqual([]);
		finishCall(state, callId);
		expect(detailOf(state, callId).status).toBe('failed');
	});

	it('works for a seeded call in progress', () => {
		const state = makeState();
		const seeded = state.calls.find((call) => call.detail.status === 'in_progress');
		const callId = seeded?.detail.call_id ?? '';
		const { effects } = ok(planRunningCall(state, callId, { durationMs: 10, outcome: 'picked' }));
		finishCall(state, callId, effects[0].kind === 'finishCall' ? effects[0].ticket : -1);
		expect(detailOf(state, callId).status).toBe('picked');
	});

	it('refuses unknown and ended calls, and bad plans', () => {
		const state = makeState();
		const ended = state.calls.find((call) => call.detail.status === 'busy')?.detail.call_id ?? '';
		expect(planRunningCall(state, 'nope', { durationMs: 1 })).toEqual({
			ok: false,
			error: 'No call nope',
		});
		expect(planRunningCall(state, ended, { durationMs: 1 })).toEqual({
			ok: false,
			error: `Call ${ended} has already ended (busy)`,
		});
		expect(planRunningCall(state, place(state).callId, { hiddenForMs: 5 })).toMatchObject({
			ok: false,
			error: expect.stringMatching(/^Invalid plan: Unrecognized key/),
		});
	});
});

describe('finishCallNow', () => {
	it('ends a call at once with the outcome given, and cancels its scheduled end', () => {
		const state = makeState();
		const { callId } = place(state, '9876543210', { webhook_url: 'https://hooks.example/x' });
		const finished = ok(finishCallNow(state, callId, { outcome: 'not_picked' }));
		expect(finished.call).toMatchObject({
			call_id: callId,
			status: 'not_picked',
			call_picked_at: null,
		});
		expect(finished.effects).toEqual([
			expect.objectContaining({
				kind: 'deliverWebhook',
				payload: expect.objectContaining({ call_status: 'not_picked', chat: '' }),
			}),
		]);
		expect(finishCall(state, callId)).toEqual([]);
	});

	it('ends as planned without an outcome, and refuses a call that has ended', () => {
		const state = makeState();
		const { callId } = place(state, '9876543218');
		expect(ok(finishCallNow(state, callId, undefined)).call.status).toBe('busy');
		expect(finishCallNow(state, callId, {})).toEqual({
			ok: false,
			error: `Call ${callId} has already ended (busy)`,
		});
		expect(finishCallNow(state, callId, { outcome: 'maybe' })).toMatchObject({
			ok: false,
			error: expect.stringMatching(/^Invalid finish at outcome/),
		});
	});
});

describe('addCalls', () => {
	it('adds a call in progress at the top, made by the first active agent, that ends only on command', () => {
		const state = makeState({ nowIso: '2026-07-01T10:00:00+05:30' });
		const { calls, effects } = ok(addCalls(state, {}));
		const [call] = calls;
		expect(call).toEqual({
			call_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			agent_uuid: state.agents[0].agent_id,
			agent_name: state.agents[0].name,
			phone_number: expect.stringMatching(/^\+91[6-9]\d{9}$/),
			from_number: state.agents[0].from_number,
			status: 'in_progress',
			call_type: 'outbound',
			duration_seconds: null,
			call_ended_by: null,
			call_ended_reason: null,
			campaign_id: null,
			campaign_upload_id: null,
			tag: null,
			created_at: '2026-07-01T10:00:00+05:30',
			call_picked_at: '2026-07-01T10:00:00+05:30',
			caller_name: null,
			retry_count: 0,
			summary: null,
			data_captured: {},
			post_call_analysis: {},
		});
		expect(effects).toEqual([]);
		expect(state.calls[0].detail).toEqual(call);
		expect(snapshot(state).placedCalls).toEqual([]);
	});

	it('asks for the end of a call in progress after durationMs, with the outcome given', () => {
		const state = makeState();
		const { calls, effects } = ok(addCalls(state, { durationMs: 400, outcome: 'busy' }));
		expect(effects).toEqual([{ kind: 'finishCall', callId: calls[0].call_id, afterMs: 400 }]);
		finishCall(state, calls[0].call_id);
		expect(detailOf(state, calls[0].call_id).status).toBe('busy');
	});

	it('adds finished calls complete: never picked up ones without call_picked_at', () => {
		const state = makeState();
		const agent = state.agents[2];
		const { calls } = ok(
			addCalls(state, [
				{
					status: 'not_picked',
					callType: 'inbound',
					agentUuid: agent.agent_id,
					phoneNumber: '+14155550123',
				},
				{
					status: 'picked',
					campaignId: 7,
					campaignUploadId: 19,
					callerName: 'Meera Nair',
					phoneNumber: '+919812345670',
					retryCount: 1,
					tag: { id: 12, name: 'interested', color_code: '#22c55e' },
				},
			]),
		);
		expect(calls[0]).toMatchObject({
			agent_uuid: agent.agent_id,
			call_type: 'inbound',
			status: 'not_picked',
			phone_number: '+14155550123',
			call_picked_at: null,
			duration_seconds: 0,
			call_ended_by: 'system',
			call_ended_reason: 'customer-did-not-answer',
			summary: null,
		});
		expect(calls[1]).toMatchObject({
			status: 'picked',
			campaign_id: 7,
			campaign_upload_id: 19,
			caller_name: 'Meera Nair',
			retry_count: 1,
			tag: { id: 12, name: 'interested', color_code: '#22c55e' },
			call_picked_at: calls[1].created_at,
			duration_seconds: 20 + 55,
			summary: 'Meera Nair confirmed the details and ended the call politely.',
		});
		expect(state.calls.slice(0, 2).map((call) => call.detail.call_id)).toEqual([
			calls[1].call_id,
			calls[0].call_id,
		]);
	});

	it('puts a call with an earlier createdAt at its place by time', () => {
		const state = makeState();
		const target = state.calls[10];
		const { calls } = ok(addCalls(state, { status: 'busy', createdAt: target.detail.created_at }));
		expect(state.calls[10].detail.call_id).toBe(calls[0].call_id);
		expect(state.calls[11]).toBe(target);
		const times = state.calls.map((call) => call.createdAtMs);
		expect(times).toEqual([...times].sort((a, b) => b - a));
	});

	it('holds the analysis of an added picked call back by the analysis delay', () => {
		const state = makeState();
		const { calls, effects } = ok(addCalls(state, { status: 'picked', analysisDelayMs: 100 }));
		expect(calls[0].summary).toBeNull();
		expect(effects).toEqual([{ kind: 'revealAnalysis', callId: calls[0].call_id, afterMs: 100 }]);
	});

	it.each([
		[
			{ status: 'picked', durationMs: 5 },
			'Invalid call: durationMs and outcome are only for calls in progress',
		],
		[
			{ phoneNumber: '9876543210' },
			expect.stringMatching(/^Invalid call at phoneNumber: must be an E\.164/),
		],
		[{ createdAt: '2026-07-01T10:00:00' }, expect.stringMatching(/^Invalid call at createdAt/)],
		[[{}, { agentUuid: 'agent_nope' }], 'No agent agent_nope on the account'],
		[[{}, { status: 'ringing' }], expect.stringMatching(/^Invalid call at 1\.status/)],
	])('refuses %p and adds nothing', (input, error) => {
		const state = makeState();
		expect(addCalls(state, input)).toEqual({ ok: false, error });
		expect(state.calls).toHaveLength(300);
	});
});
