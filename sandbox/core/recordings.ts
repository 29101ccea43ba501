import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import type { CallDetail, SandboxState } from './types';

/** Recordings are short WAV files (8 kHz, 16-bit mono PCM, one second of a tone that differs per call). */
export const RECORDING_CONTENT_TYPE = 'audio/wav';
export const RECORDING_EXTENSION = 'wav';

const SAMPLE_RATE = 8000;
const SECONDS = 1;
const REGION = 'ap-south-1';
const ACCESS_KEY_ID = 'SANDBOXOSVIRECORDINGS';
// Signs the sandbox's own links; it stands in for S3's secret and protects nothing.
const SIGNING_KEY = 'osvi-sandbox-recording-links';
const RECORDING_PATH = /^\/recordings\/([^/]+)\.wav$/;
const REQUIRED_PARAMS = [
	'X-Amz-Algorithm',
	'X-Amz-Credential',
	'X-Amz-Date',
	'X-Amz-Expires',
	'X-Amz-SignedHeaders',
	'X-Amz-Signature',
] as const;

/** Only calls somebody (or a mailbox) answered have a recording, and only once they have ended. */
export function hasRecording(detail: CallDetail): boolean {
	return detail.status === 'picked' || detail.status === 'voicemail';
}

/** The audio of a call's recording: a valid WAV file whose tone (300 to 899 Hz) is picked by the call id. */
export function recordingAudio(callId: string): Buffer {
	const frequency = 300 + (createHash('sha256').update(callId).digest().readUInt16BE(0) % 600);
	const sampleCount = SAMPLE_RATE * SECONDS;
	const dataBytes = sampleCount * 2;
	const wav = Buffer.alloc(44 + dataBytes);
	wav.write('RIFF', 0, 'ascii');
	wav.writeUInt32LE(36 + dataBytes, 4);
	wav.write('WAVE', 8, 'ascii');
	wav.write('fmt ', 12, 'ascii');
	wav.writeUInt32LE(16, 16);
	wav.writeUInt16LE(1, 20);
	wav.writeUInt16LE(1, 22);
	wav.writeUInt32LE(SAMPLE_RATE, 24);
	wav.writeUInt32LE(SAMPLE_RATE * 2, 28);
	wav.writeUInt16LE(2, 32);
	wav.writeUInt16LE(16, 34);
	wav.write('data', 36, 'ascii');
	wav.writeUInt32LE(dataBytes, 40);
	for (let index = 0; index < sampleCount; index++) {
		const fade = Math.min(1, index / 400, (sampleCount - index) / 400);
		const sample = Math.sin((2 * Math.PI * frequency * index) / SAMPLE_RATE) * 0.3 * fade;
		wav.writeInt16LE(Math.round(sample * 32767), 44 + index * 2);
	}
	return wav;
}

/** `20261203T121536Z`, as in `X-Amz-Date`. */
function amzDate(epochMs: number): string {
	return new Date(Math.floor(epochMs / 1000) * 1000)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

function amzDateMs(value: string): number | null {
	const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
	if (!match) return null;
	const [, year, month, day, hour, minute, second] = match.map(Number);
	return Date.UTC(year, month - 1, day, hour, minute, second);
}

function signature(path: string, params: Record<string, string>): string {
	const signed = [path, ...REQUIRED_PARAMS.slice(0, -1).map((name) => params[name] ?? '')];
	return createHmac('sha256', SIGNING_KEY).update(signed.join('\n')).digest('hex');
}

export interface RecordingLink {
	url: string;
	expiresInSeconds: number;
}

/** A presigned-style link to the storage server, valid for `recordingTtlSeconds` from now (whole seconds). */
export function presignRecording(state: SandboxState, callId: string): RecordingLink {
	const date = amzDate(state.options.now());
	const path = `/recordings/${callId}.${RECORDING_EXTENSION}`;
	const params: Record<string, string> = {
		'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
		'X-Amz-Credential': `${ACCESS_KEY_ID}/${date.slice(0, 8)}/${REGION}/s3/aws4_request`,
		'X-Amz-Date': date,
		'X-Amz-Expires': String(state.settings.recordingTtlSeconds),
		'X-Amz-SignedHeaders': 'host',
	};
	params['X-Amz-Signature'] = signature(path, params);
	const base = state.options.storageUrl ?? 'http://storage.invalid';
	return {
		url: `${base}${path}?${new URLSearchParams(params)}`,
		expiresInSeconds: state.settings.recordingTtlSeconds,
	};
}

export interface StorageRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
}

export interface StorageResponse {
	status: number;
	headers: Record<string, string>;
	body: Buffer;
}

function escapeXml(value: string): string {
	return value.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** An error the way S3 words it: XML with Code, Message, any extra fields and a RequestId. */
export function s3Error(
	status: number,
	code: string,
	message: string,
	extra: Record<string, string> = {},
): StorageResponse {
	const fields = { Code: code, Message: message, ...extra, RequestId: 'SANDBOX0000000000' };
	const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${Object.entries(fields)
		.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
		.join('')}</Error>`;
	return { status, headers: { 'content-type': 'application/xml' }, body: Buffer.from(xml, 'utf8') };
}

function signaturesMatch(given: string, expected: string): boolean {
	const givenBytes = Buffer.from(given, 'utf8');
	const expectedBytes = Buffer.from(expected, 'utf8');
	return givenBytes.length === expectedBytes.length && timingSafeEqual(givenBytes, expectedBytes);
}

/**
 * Answers a request to the storage server as S3 answers a presigned GET: 405 for other methods than GET and HEAD;
 * 403 AccessDenied without the signing parameters or once the link has expired; 403 SignatureDoesNotMatch when
 * the path or a signed parameter was changed; 404 NoSuchKey when the call has no recording (any more); else the
 * audio. The shell sends no body for HEAD.
 */
export function handleStorageRequest(
	state: SandboxState,
	request: StorageRequest,
): StorageResponse {
	const method = request.method.toUpperCase();
	if (method !== 'GET' && method !== 'HEAD') {
		return s3Error(
			405,
			'MethodNotAllowed',
			'The specified method is not allowed against this resource.',
			{
				Method: method,
				ResourceType: 'OBJECT',
			},
		);
	}
	if (REQUIRED_PARAMS.some((name) => request.query[name] === undefined)) {
		return s3Error(
			403,
			'AccessDenied',
			'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
		);
	}
	if (!signaturesMatch(request.query['X-Amz-Signature'], signature(request.path, request.query))) {
		return s3Error(
			403,
			'SignatureDoesNotMatch',
			'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
		);
	}
	const issuedMs = amzDateMs(request.query['X-Amz-Date']);
	const expiresSeconds = Number(request.query['X-Amz-Expires']);
	const nowMs = state.options.now();
	if (issuedMs === null || !Number.isInteger(expiresSeconds)) {
		return s3Error(
			403,
			'AuthorizationQueryParametersError',
			'X-Amz-Date or X-Amz-Expires is malformed.',
		);
	}
	if (nowMs >= issuedMs + expiresSeconds * 1000) {
		return s3Error(403, 'AccessDenied', 'Request has expired', {
			'X-Amz-Expires': String(expiresSeconds),
			Expires: new Date(issuedMs + expiresSeconds * 1000).toISOString(),
			ServerTime: new Date(nowMs).toISOString(),
		});
	}
	const callId = RECORDING_PATH.exec(request.path)?.[1];
	const call = state.calls.find((candidate) => candidate.detail.call_id === callId);
	if (!callId || !call || !hasRecording(call.detail)) {
		return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', {
			Key: request.path.slice(1),
		});
	}
	const audio = recordingAudio(callId);
	return {
		status: 200,
		headers: {
			'content-type': RECORDING_CONTENT_TYPE,
			'content-length': String(audio.length),
			etag: `"${createHash('md5').update(audio).digest('hex')}"`,
			'accept-ranges': 'bytes',
			'last-modified': new Date(call.createdAtMs).toUTCString(),
		},
		body: audio,
	};
}
