import { hasRecording, presignRecording } from './recordings';
import { transcriptTurns } from './transcripts';
import type { SandboxResponse, SandboxState, StoredCall } from './types';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const json = (status: number, body: unknown): SandboxResponse => ({
	status,
	headers: { ...JSON_HEADERS },
	body,
	effects: [],
});
const notFound = (error: string) => json(404, { success: false, error });

/** The call an id names, if it is a UUID of the account and the call is not hidden (just placed) any more. */
export function findReadableCall(state: SandboxState, id: string): StoredCall | undefined {
	if (!UUID.test(id)) return undefined;
	const call = state.calls.find((candidate) => candidate.detail.call_id === id.toLowerCase());
	return call?.lifecycle?.hidden ? undefined : call;
}

/** `GET /v1/call/{id}`. */
export function getCallDetail(state: SandboxState, id: string): SandboxResponse {
	const call = findReadableCall(state, id);
	if (!call) return notFound('Call not found');
	return json(200, { success: true, data: structuredClone(call.detail) });
}

/** `GET /v1/call/{id}/transcript`: an empty array for calls nobody answered and for calls still running. */
export function getCallTranscript(state: SandboxState, id: string): SandboxResponse {
	const call = findReadableCall(state, id);
	if (!call) return notFound('Call not found');
	return json(200, {
		success: true,
		data: { call_id: call.detail.call_id, transcript: transcriptTurns(call.detail) },
	});
}

/** `GET /v1/call/{id}/recording`: a fresh link each time; 404 "Recording not found" while there is none. */
export function getCallRecording(state: SandboxState, id: string): SandboxResponse {
	const call = findReadableCall(state, id);
	if (!call) return notFound('Call not found');
	if (!hasRecording(call.detail)) return notFound('Recording not found');
	const link = presignRecording(state, call.detail.call_id);
	return json(200, {
		success: true,
		data: {
			call_id: call.detail.call_id,
			recording_url: link.url,
			expires_in_seconds: link.expiresInSeconds,
		},
	});
}
