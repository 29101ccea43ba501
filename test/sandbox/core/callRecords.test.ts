import { handleRequest } from '../../../sandbox/core/handler';
import { transcriptTurns } from '../../../sandbox/core/transcripts';
import type { CallDetail, CallStatus, SandboxState } from '../../../sandbox/core/types';
import { makeRequest, makeState } from './helpers';

const STORAGE_URL = 'http://127.0.0.1:40124';

function seededCall(state: SandboxState, status: CallStatus): CallDetail {
	const call = state.calls.find((candidate) => candidate.detail.status === status);
	if (!call) throw new Error(`no ${status} call in the seed`);
	return call.detail;
}

const get = (state: SandboxState, path: string, token?: string | null) =>
	handleRequest(state, makeRequest('GET', path, { token }));

describe('GET /v1/call/{id}', () => {
	it('answers every list field plus the detail fields, as a copy', () => {
		const state = makeState();
		const call = seededCall(state, 'picked');
		const response = get(state, `/v1/call/${call.call_id.toUpperCase()}`);
		expect(response.body).toEqual({ success: true, data: call });
		(response.body as { data: CallDetail }).data.data_captured.changed = true;
		expect(call.data_captured).not.toHaveProperty('changed');
	});
});

describe('GET /v1/call/{id}/transcript', () => {
	it('answers the turns of an answered call', () => {
		const state = makeState();
		const call = seededCall(state, 'picked');
		const response = get(state, `/v1/call/${call.call_id}/transcript`);
		expect(response.status).toBe(200);
		expect(response.body).toEqual({
			success: true,
			data: { call_id: call.call_id, transcript: transcriptTurns(call) },
		});
		expect(transcriptTurns(call)).toHaveLength(4);
	});

	it.each([['not_picked'], ['busy'], ['failed'], ['in_progress']] as const)(
		'answers an empty transcript for a %s call',
		(status) => {
			const state = makeState();
			const call = seededCall(state, status);
			expect(get(state, `/v1/call/${call.call_id}/transcript`).body).toEqual({
				success: true,
				data: { call_id: call.call_id, transcript: [] },
			});
		},
	);

	it.each([['5f0c8a8e-1111-4222-8333-444455556666'], ['call_abc123xyz']])(
		'answers 404 for the unknown id %s',
		(id) => {
			const response = get(makeState(), `/v1/call/${id}/transcript`);
			expect(response.status).toBe(404);
			expect(response.body).toEqual({ success: false, error: 'Call not found' });
		},
	);
});

describe('GET /v1/call/{id}/recording', () => {
	it('answers a link to the storage server that expires after the configured time', () => {
		const state = makeState({ storageUrl: STORAGE_URL, recordingTtlSeconds: 120 });
		const call = seededCall(state, 'voicemail');
		const response = get(state, `/v1/call/${call.call_id}/recording`);
		expect(response.status).toBe(200);
		expect(response.body).toEqual({
			success: true,
			data: {
				call_id: call.call_id,
				recording_url: expect.stringMatching(
					new RegExp(
						`^${STORAGE_URL}/recordings/${call.call_id}\\.wav\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&`,
					),
				),
				expires_in_seconds: 120,
			},
		});
	});

	it.each([['not_picked'], ['busy'], ['failed'], ['in_progress']] as const)(
		'answers 404 "Recording not found" for a %s call',
		(status) => {
			const state = makeState();
			const response = get(state, `/v1/call/${seededCall(state, status).call_id}/recording`);
			expect(response.status).toBe(404);
			expect(response.body).toEqual({ success: false, error: 'Recording not found' });
		},
	);

	it('answers 404 "Call not found" for an unknown id', () => {
		expect(get(makeState(), '/v1/call/not-a-uuid/recording').body).toEqual({
			success: false,
			error: 'Call not found',
		});
	});
});

describe('the per-call routes', () => {
	it.each([['transcript'], ['recording']])('answer /%s with 401 without the token', (part) => {
		const state = makeState();
		const response = get(state, `/v1/call/${seededCall(state, 'picked').call_id}/${part}`, null);
		expect(response.status).toBe(401);
	});

	it('know no other sub-route or method', () => {
		const state = makeState();
		const id = seededCall(state, 'picked').call_id;
		expect(get(state, `/v1/call/${id}/summary`).body).toEqual({
			success: false,
			error: `No route matches GET /v1/call/${id}/summary`,
		});
		expect(
			handleRequest(state, makeRequest('DELETE', `/v1/call/${id}/recording`, { token: null }))
				.status,
		).toBe(404);
	});
});
