import {
	handleStorageRequest,
	hasRecording,
	presignRecording,
	recordingAudio,
	type StorageRequest,
} from '../../../sandbox/core/recordings';
import type { SandboxState } from '../../../sandbox/core/types';
import { makeState } from './helpers';

const STORAGE_URL = 'http://127.0.0.1:40124';

/** A store whose clock the test moves by hand. */
function clockedState(startIso = '2026-07-01T10:00:00.250+05:30', ttl = 900) {
	const clock = { nowMs: Date.parse(startIso) };
	const state = makeState({
		now: () => clock.nowMs,
		storageUrl: STORAGE_URL,
		recordingTtlSeconds: ttl,
	});
	return { state, clock };
}

function callWithStatus(state: SandboxState, status: string): string {
	const call = state.calls.find((candidate) => candidate.detail.status === status);
	if (!call) throw new Error(`no ${status} call in the seed`);
	return call.detail.call_id;
}

/** The request a client sends for a link: path and query exactly as in the URL. */
function requestFor(url: string, method = 'GET'): StorageRequest {
	const parsed = new URL(url);
	return {
		method,
		path: parsed.pathname,
		query: Object.fromEntries(parsed.searchParams),
		headers: { host: parsed.host },
	};
}

const xmlOf = (body: Buffer) => body.toString('utf8');

describe('recordingAudio', () => {
	it('is a valid one-second 8 kHz 16-bit mono PCM WAV file', () => {
		const wav = recordingAudio('5f0c8a8e-1111-4222-8333-444455556666');
		expect(wav.length).toBe(44 + 16000);
		expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
		expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
		expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
		expect({
			formatLength: wav.readUInt32LE(16),
			pcm: wav.readUInt16LE(20),
			channels: wav.readUInt16LE(22),
			sampleRate: wav.readUInt32LE(24),
			byteRate: wav.readUInt32LE(28),
			blockAlign: wav.readUInt16LE(32),
			bitsPerSample: wav.readUInt16LE(34),
		}).toEqual({
			formatLength: 16,
			pcm: 1,
			channels: 1,
			sampleRate: 8000,
			byteRate: 16000,
			blockAlign: 2,
			bitsPerSample: 16,
		});
		expect(wav.toString('ascii', 36, 40)).toBe('data');
		expect(wav.readUInt32LE(40)).toBe(16000);
		const samples = Array.from({ length: 8000 }, (_, index) => wav.readInt16LE(44 + index * 2));
		expect(Math.max(...samples)).toBeGreaterThan(9000);
		expect(samples[0]).toBe(0);
	});

	it('is the same for the same call and differs between calls', () => {
		const id = '5f0c8a8e-1111-4222-8333-444455556666';
		expect(recordingAudio(id).equals(recordingAudio(id))).toBe(true);
		expect(recordingAudio(id).equals(recordingAudio('00000000-0000-4000-8000-000000000000'))).toBe(
			false,
		);
	});
});

describe('hasRecording', () => {
	it('is true for picked and voicemail calls only', () => {
		const { state } = clockedState();
		const statuses = ['picked', 'voicemail', 'not_picked', 'busy', 'failed', 'in_progress'];
		expect(
			statuses.map((status) => {
				const call = state.calls.find((candidate) => candidate.detail.status === status);
				return call ? hasRecording(call.detail) : undefined;
			}),
		).toEqual([true, true, false, false, false, false]);
	});
});

describe('presignRecording', () => {
	it('links to the storage server with S3-style signing parameters and the configured lifetime', () => {
		const { state } = clockedState('2026-07-01T10:00:00.250+05:30', 600);
		const callId = callWithStatus(state, 'picked');
		const link = presignRecording(state, callId);
		const url = new URL(link.url);

		expect(link.expiresInSeconds).toBe(600);
		expect(url.origin).toBe(STORAGE_URL);
		expect(url.pathname).toBe(`/recordings/${callId}.wav`);
		expect([...url.searchParams.keys()]).toEqual([
			'X-Amz-Algorithm',
			'X-Amz-Credential',
			'X-Amz-Date',
			'X-Amz-Expires',
			'X-Amz-SignedHeaders',
			'X-Amz-Signature',
		]);
		expect(Object.fromEntries(url.searchParams)).toEqual({
			'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
			'X-Amz-Credential': 'SANDBOXOSVIRECORDINGS/20260701/ap-south-1/s3/aws4_request',
			'X-Amz-Date': '20260701T043000Z',
			'X-Amz-Expires': '600',
			'X-Amz-SignedHeaders': 'host',
			'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		expect(link.url).toContain('X-Amz-Credential=SANDBOXOSVIRECORDINGS%2F20260701%2F');
	});
});

describe('handleStorageRequest', () => {
	it('serves the audio for a valid link, and the same headers without a body for HEAD', () => {
		const { state } = clockedState();
		const callId = callWithStatus(state, 'picked');
		const { url } = presignRecording(state, callId);

		const response = handleStorageRequest(state, requestFor(url));
		expect(response.status).toBe(200);
		expect(response.body.equals(recordingAudio(callId))).toBe(true);
		expect(response.headers).toEqual({
			'content-type': 'audio/wav',
			'content-length': '16044',
			etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
			'accept-ranges': 'bytes',
			'last-modified': expect.stringMatching(/ GMT$/),
		});
		expect(handleStorageRequest(state, requestFor(url, 'HEAD')).headers).toEqual(response.headers);
	});

	it('serves a voicemail recording too', () => {
		const { state } = clockedState();
		const { url } = presignRecording(state, callWithStatus(state, 'voicemail'));
		expect(handleStorageRequest(state, requestFor(url)).status).toBe(200);
	});

	it('answers 403 "Request has expired" once X-Amz-Date plus X-Amz-Expires has passed', () => {
		const { state, clock } = clockedState('2026-07-01T10:00:00.250+05:30', 900);
		const { url } = presignRecording(state, callWithStatus(state, 'picked'));

		clock.nowMs = Date.parse('2026-07-01T10:14:59.999+05:30');
		expect(handleStorageRequest(state, requestFor(url)).status).toBe(200);

		clock.nowMs = Date.parse('2026-07-01T10:15:00.000+05:30');
		const expired = handleStorageRequest(state, requestFor(url));
		expect(expired.status).toBe(403);
		expect(expired.headers).toEqual({ 'content-type': 'application/xml' });
		expect(xmlOf(expired.body)).toBe(
			'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message>' +
				'<X-Amz-Expires>900</X-Amz-Expires><Expires>2026-07-01T04:45:00.000Z</Expires>' +
				'<ServerTime>2026-07-01T04:45:00.000Z</ServerTime><RequestId>SANDBOX0000000000</RequestId></Error>',
		);
	});

	it('treats a lifetime of 0 seconds as expired at once', () => {
		const { state } = clockedState('2026-07-01T10:00:00.000+05:30', 0);
		const { url } = presignRecording(state, callWithStatus(state, 'picked'));
		expect(xmlOf(handleStorageRequest(state, requestFor(url)).body)).toContain(
			'<Message>Request has expired</Message>',
		);
	});

	it.each([
		[
			'another call in the path',
			(url: URL, other: string) => {
				url.pathname = `/recordings/${other}.wav`;
			},
		],
		[
			'a longer X-Amz-Expires',
			(url: URL) => {
				url.searchParams.set('X-Amz-Expires', '604800');
			},
		],
		[
			'a changed signature',
			(url: URL) => {
				url.searchParams.set('X-Amz-Signature', '0'.repeat(64));
			},
		],
	])('answers 403 SignatureDoesNotMatch for %s', (_case, tamper) => {
		const { state } = clockedState();
		const picked = state.calls.filter((call) => call.detail.status === 'picked');
		const url = new URL(presignRecording(state, picked[0].detail.call_id).url);
		tamper(url, picked[1].detail.call_id);
		const response = handleStorageRequest(state, requestFor(url.toString()));
		expect(response.status).toBe(403);
		expect(xmlOf(response.body)).toContain('<Code>SignatureDoesNotMatch</Code>');
	});

	it('answers 403 AccessDenied without the signing parameters', () => {
		const { state } = clockedState();
		const callId = callWithStatus(state, 'picked');
		const response = handleStorageRequest(
			state,
			requestFor(`${STORAGE_URL}/recordings/${callId}.wav`),
		);
		expect(response.status).toBe(403);
		expect(xmlOf(response.body)).toContain('<Code>AccessDenied</Code>');
		expect(xmlOf(response.body)).toContain('requires the X-Amz-Algorithm');
	});

	it('answers 404 NoSuchKey for a signed link to a call without a recording', () => {
		const { state } = clockedState();
		const callId = callWithStatus(state, 'not_picked');
		const response = handleStorageRequest(state, requestFor(presignRecording(state, callId).url));
		expect(response.status).toBe(404);
		expect(xmlOf(response.body)).toContain('<Code>NoSuchKey</Code>');
		expect(xmlOf(response.body)).toContain(`<Key>recordings/${callId}.wav</Key>`);
	});

	it('answers 405 for methods other than GET and HEAD', () => {
		const { state } = clockedState();
		const { url } = presignRecording(state, callWithStatus(state, 'picked'));
		const response = handleStorageRequest(state, requestFor(url, 'PUT'));
		expect(response.status).toBe(405);
		expect(xmlOf(response.body)).toContain('<Code>MethodNotAllowed</Code>');
	});
});
