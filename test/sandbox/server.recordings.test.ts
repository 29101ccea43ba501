import { sleep } from 'n8n-workflow';

import type { CallDetail, TranscriptTurn } from '../../sandbox/core';
import { startSandbox } from '../../sandbox/server';
import { callApi, LIST_CALL_FIELDS, useSandbox } from './helpers';

const DETAIL_FIELDS = [
	'caller_name',
	'retry_count',
	'summary',
	'data_captured',
	'post_call_analysis',
];

interface RecordingBody {
	success: boolean;
	data: { call_id: string; recording_url: string; expires_in_seconds: number };
}

const { sandbox, api, control } = useSandbox({ callCount: 40, callDurationMs: 50 });

function seeded(status: string): CallDetail {
	const call = sandbox()
		.snapshot()
		.calls.find((candidate) => candidate.status === status);
	if (!call) throw new Error(`no ${status} call in the seed`);
	return call;
}

async function placeCall(phoneNumber = '9876543210', extra: Record<string, unknown> = {}) {
	const response = await api('/call', {
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

async function recordingLink(callId: string): Promise<RecordingBody['data']> {
	const response = await api(`/v1/call/${callId}/recording`);
	expect(response.status).toBe(200);
	return (response.json as RecordingBody).data;
}

describe('GET /v1/call/{id} for a placed call', () => {
	it('has every list and detail field, the analysis empty while it runs and filled once it ended picked', async () => {
		sandbox().planCalls({ phoneNumber: '9876543210', neverFinish: true });
		const callId = await placeCall('9876543210', { person_name: 'Asha Rao' });

		const running = (await api(`/v1/call/${callId}`)).json as { data: CallDetail };
		expect(Object.keys(running.data).sort()).toEqual(
			[...LIST_CALL_FIELDS, ...DETAIL_FIELDS].sort(),
		);
		expect(running.data).toMatchObject({
			status: 'in_progress',
			caller_name: 'Asha Rao',
			retry_count: 0,
			summary: null,
			data_captured: {},
			post_call_analysis: {},
		});

		sandbox().finishCall(callId);
		const ended = (await api(`/v1/call/${callId}`)).json as { data: CallDetail };
		expect(ended.data).toMatchObject({
			status: 'picked',
			caller_name: 'Asha Rao',
			summary: 'Asha Rao confirmed the details and ended the call politely.',
			data_captured: { confirmed: true },
			post_call_analysis: { sentiment: 'positive', callback_required: false },
		});
	});

	it('keeps the analysis empty for a call that ends unanswered', async () => {
		const callId = await placeCall('9876543217');
		expect(await sandbox().waitForCallEnd(callId)).toMatchObject({
			status: 'not_picked',
			summary: null,
			data_captured: {},
			post_call_analysis: {},
		});
	});
});

describe('GET /v1/call/{id}/transcript', () => {
	it('is empty while a placed call runs and has the turns once it ended picked', async () => {
		sandbox().planCalls({ phoneNumber: '9876543210', neverFinish: true });
		const callId = await placeCall('9876543210', { person_name: 'Asha Rao' });
		expect((await api(`/v1/call/${callId}/transcript`)).json).toEqual({
			success: true,
			data: { call_id: callId, transcript: [] },
		});

		sandbox().finishCall(callId);
		const body = (await api(`/v1/call/${callId}/transcript`)).json as {
			data: { transcript: TranscriptTurn[] };
		};
		expect(body.data.transcript.map((turn) => turn.role)).toEqual([
			'agent',
			'user',
			'agent',
			'user',
		]);
		expect(body.data.transcript[0]).toEqual({
			role: 'agent',
			content: `Hello Asha Rao, this is ${sandbox().snapshot().agents[0].name} from OSVI. Is this a good time to talk?`,
			seconds_from_start: 0,
		});
	});

	it('answers 404 for an unknown call', async () => {
		const response = await api('/v1/call/5f0c8a8e-1111-4222-8333-444455556666/transcript');
		expect(response.status).toBe(404);
		expect(response.json).toEqual({ success: false, error: 'Call not found' });
	});
});

describe('GET /v1/call/{id}/recording and the storage server', () => {
	it('links to another origin that serves the WAV file and logs the request it got', async () => {
		const call = seeded('picked');
		const link = await recordingLink(call.call_id);
		const url = new URL(link.recording_url);
		expect(link.call_id).toBe(call.call_id);
		expect(link.expires_in_seconds).toBe(900);
		expect(url.origin).toBe(sandbox().storageUrl);
		expect(url.origin).not.toBe(new URL(sandbox().url).origin);
		expect(url.pathname).toBe(`/recordings/${call.call_id}.wav`);

		const download = await fetch(link.recording_url, { headers: { 'X-Test': 'yes' } });
		expect(download.status).toBe(200);
		expect(download.headers.get('content-type')).toBe('audio/wav');
		expect(download.headers.get('content-length')).toBe('16044');
		const bytes = Buffer.from(await download.arrayBuffer());
		const expected = sandbox().recordingFile(call.call_id);
		expect(expected).toEqual({
			fileName: `${call.call_id}.wav`,
			contentType: 'audio/wav',
			bytes: expect.any(Buffer),
		});
		expect(bytes.equals(expected.bytes)).toBe(true);

		expect(sandbox().storageRequests()).toEqual([
			{
				method: 'GET',
				path: `/recordings/${call.call_id}.wav`,
				query: Object.fromEntries(url.searchParams),
				headers: expect.objectContaining({ 'x-test': 'yes', host: url.host }),
				url: `${url.pathname}${url.search}`,
			},
		]);
		expect(sandbox().storageRequests()[0].headers).not.toHaveProperty('api-token');
		expect(
			sandbox()
				.requests()
				.map((request) => request.path),
		).toEqual([`/v1/call/${call.call_id}/recording`]);
	});

	it('answers HEAD with the headers and no body', async () => {
		const link = await recordingLink(seeded('voicemail').call_id);
		const response = await fetch(link.recording_url, { method: 'HEAD' });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-length')).toBe('16044');
		expect((await response.arrayBuffer()).byteLength).toBe(0);
	});

	it('answers 404 "Recording not found" for unanswered calls and for a placed call until it ends picked', async () => {
		for (const status of ['not_picked', 'busy', 'failed', 'in_progress']) {
			const response = await api(`/v1/call/${seeded(status).call_id}/recording`);
			expect(response.status).toBe(404);
			expect(response.json).toEqual({ success: false, error: 'Recording not found' });
		}

		sandbox().planCalls({ phoneNumber: '9876543210', neverFinish: true });
		const callId = await placeCall();
		expect((await api(`/v1/call/${callId}/recording`)).status).toBe(404);
		sandbox().finishCall(callId);
		const download = await fetch((await recordingLink(callId)).recording_url);
		expect(
			Buffer.from(await download.arrayBuffer()).equals(sandbox().recordingFile(callId).bytes),
		).toBe(true);
	});

	it('answers an expired link with 403 and an S3-style XML body', async () => {
		expect(await control('PUT', 'settings', { recordingTtlSeconds: 0 })).toEqual({
			status: 200,
			json: { ok: true, settings: expect.objectContaining({ recordingTtlSeconds: 0 }) },
		});
		const link = await recordingLink(seeded('picked').call_id);
		expect(link.expires_in_seconds).toBe(0);

		const response = await fetch(link.recording_url);
		expect(response.status).toBe(403);
		expect(response.headers.get('content-type')).toBe('application/xml');
		const xml = await response.text();
		expect(xml).toMatch(
			/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied<\/Code>/,
		);
		expect(xml).toContain('<Message>Request has expired</Message>');
	});

	it('lets a link work at first and expire after its lifetime', async () => {
		const shortLived = await startSandbox({ callCount: 10, recordingTtlSeconds: 2 });
		try {
			const call = shortLived.snapshot().calls.find((candidate) => candidate.status === 'picked');
			const response = await callApi(shortLived, `/v1/call/${call?.call_id}/recording`);
			const { recording_url: url, expires_in_seconds: ttl } = (response.json as RecordingBody).data;
			expect(ttl).toBe(2);
			expect((await fetch(url)).status).toBe(200);
			await sleep(2000);
			expect((await fetch(url)).status).toBe(403);
		} finally {
			await shortLived.close();
		}
	});

	it('answers 403 SignatureDoesNotMatch when the query was changed', async () => {
		const url = new URL((await recordingLink(seeded('picked').call_id)).recording_url);
		url.searchParams.set('X-Amz-Expires', '604800');
		const response = await fetch(url);
		expect(response.status).toBe(403);
		expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
	});

	it('serves its request log over the control API, clears it, and reset clears it too', async () => {
		const link = await recordingLink(seeded('picked').call_id);
		await fetch(link.recording_url);
		expect(await control('GET', 'storage/requests')).toEqual({
			status: 200,
			json: sandbox().storageRequests(),
		});
		expect(await control('DELETE', 'storage/requests')).toEqual({
			status: 200,
			json: { ok: true },
		});
		expect(sandbox().storageRequests()).toEqual([]);

		await fetch(link.recording_url);
		sandbox().clearStorageRequests();
		expect(sandbox().storageRequests()).toEqual([]);

		await fetch(link.recording_url);
		sandbox().reset();
		expect(sandbox().storageRequests()).toEqual([]);
	});

	it('runs on the storage host and port given', async () => {
		const other = await startSandbox({ callCount: 5, storageHost: '127.0.0.2' });
		try {
			expect(other.storageUrl).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
			const picked = other
				.snapshot()
				.calls.find((call) => ['picked', 'voicemail'].includes(call.status));
			const link = (await callApi(other, `/v1/call/${picked?.call_id}/recording`))
				.json as RecordingBody;
			expect(new URL(link.data.recording_url).origin).toBe(other.storageUrl);
			expect((await fetch(link.data.recording_url)).status).toBe(200);
		} finally {
			await other.close();
		}
	});

	it('refuses recordingFile for a call without a recording', () => {
		expect(() => sandbox().recordingFile(seeded('busy').call_id)).toThrow(
			`Call ${seeded('busy').call_id} has no recording`,
		);
	});
});
