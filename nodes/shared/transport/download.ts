import { NodeApiError } from 'n8n-workflow';
import type { IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { networkCode, transientStatuses, withRetries } from './retry';
import { readTransportSettings } from './settings';
import type { TransportSettings } from './settings';

export interface DownloadRequest {
	/** A link that authorizes itself, such as a presigned storage URL. */
	url: string;
	itemIndex: number;
	/** What is downloaded, for errors: "the recording of call 8de63236-…". */
	subject: string;
}

export interface DownloadedFile {
	bytes: Buffer;
	mimeType: string;
	/** Lower case, without the dot. */
	extension: string;
}

// Storage hosts label files they know nothing about with these; the link's own extension says more.
const genericTypes = new Set(['application/octet-stream', 'binary/octet-stream', '']);

const extensionsByType: Record<string, string> = {
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/wave': 'wav',
	'audio/x-wav': 'wav',
	'audio/vnd.wave': 'wav',
	'audio/mp4': 'm4a',
	'audio/x-m4a': 'm4a',
	'audio/aac': 'aac',
	'audio/ogg': 'ogg',
	'audio/opus': 'opus',
	'audio/webm': 'webm',
	'audio/flac': 'flac',
	'audio/x-flac': 'flac',
	'video/mp4': 'mp4',
	'video/webm': 'webm',
};

const typesByExtension: Record<string, string> = {
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	m4a: 'audio/mp4',
	mp4: 'audio/mp4',
	aac: 'audio/aac',
	ogg: 'audio/ogg',
	oga: 'audio/ogg',
	opus: 'audio/opus',
	webm: 'audio/webm',
	flac: 'audio/flac',
};

function sentenceStart(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** S3 and its look-alikes answer errors as XML with a Code and a Message; show those, never the link. */
function storageReason(body: unknown): string {
	const text = Buffer.isBuffer(body) ? body.toString('utf8', 0, 4096) : '';
	const field = (name: string) =>
		new RegExp(`<${name}>([^<]{1,200})</${name}>`).exec(text)?.[1]?.trim() ?? '';
	return [field('Code'), field('Message')].filter(Boolean).join(': ');
}

function failure(
	context: IExecuteFunctions,
	request: DownloadRequest,
	details: { status?: number; connectionError?: string },
	message: string,
	description: string,
): NodeApiError {
	return new NodeApiError(context.getNode(), details, {
		message,
		description,
		httpCode: details.status === undefined ? undefined : String(details.status),
		itemIndex: request.itemIndex,
	});
}

function checkedUrl(context: IExecuteFunctions, request: DownloadRequest): URL {
	let url: URL | undefined;
	try {
		url = new URL(request.url);
	} catch {
		url = undefined;
	}
	// A user name or password in the link would be sent as a credential.
	if (
		!url ||
		(url.protocol !== 'https:' && url.protocol !== 'http:') ||
		url.username !== '' ||
		url.password !== ''
	) {
		throw failure(
			context,
			request,
			{},
			`The link to ${request.subject} is not an http:// or https:// address without credentials`,
			'OSVI answered with a link this node cannot download. Try again later, or download the file from the OSVI dashboard.',
		);
	}
	return url;
}

type Attempt =
	| { kind: 'response'; response: IN8nHttpFullResponse }
	| { kind: 'network'; code: string };

async function fetchOnce(
	context: IExecuteFunctions,
	url: URL,
	settings: TransportSettings,
): Promise<Attempt> {
	// No headers and no credential: the link authorizes itself, and the storage host is not OSVI.
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: url.toString(),
		encoding: 'arraybuffer',
		json: false,
		timeout: settings.timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		abortSignal: context.getExecutionCancelSignal?.(),
	};
	try {
		return {
			kind: 'response',
			response: (await context.helpers.httpRequest(options)) as IN8nHttpFullResponse,
		};
	} catch (error) {
		// The error's request config holds the link, which is valid for a while: keep only the code.
		return { kind: 'network', code: networkCode(error) };
	}
}

function isRetryable(attempt: Attempt): boolean {
	return attempt.kind === 'network' || transientStatuses.has(attempt.response.statusCode);
}

function toBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	return Buffer.alloc(0);
}

function headerText(value: unknown): string {
	return (Array.isArray(value) ? String(value[0] ?? '') : String(value ?? '')).trim();
}

/** The MIME type from Content-Type (or, for a generic one, from the link), and an extension to match. */
export function fileTypeOf(contentType: string, url: URL): { mimeType: string; extension: string } {
	const type = contentType.split(';')[0].trim().toLowerCase();
	const fromLink = /\.([a-z0-9]{1,5})$/i.exec(url.pathname)?.[1]?.toLowerCase();
	if (!genericTypes.has(type)) {
		return { mimeType: type, extension: extensionsByType[type] ?? fromLink ?? 'bin' };
	}
	const extension = fromLink ?? 'bin';
	return { mimeType: typesByExtension[extension] ?? 'application/octet-stream', extension };
}

function statusError(
	context: IExecuteFunctions,
	request: DownloadRequest,
	response: IN8nHttpFullResponse,
): NodeApiError {
	const status = response.statusCode;
	const reason = storageReason(response.body);
	const said = reason ? ` (${status} ${reason})` : ` (${status})`;
	const details = { status };
	if (status >= 300 && status < 400) {
		let target = 'an address it did not give';
		try {
			target = new URL(headerText(response.headers.location), 'http://relative.invalid').host;
		} catch {
			target = 'an address that is not a valid URL';
		}
		return failure(
			context,
			request,
			details,
			`The storage host answered the download of ${request.subject} with a redirect (${status}) to ${target}`,
			'Downloads never follow redirects, so nothing is fetched from a place the link did not name. Try again later, or download the file from the OSVI dashboard.',
		);
	}
	if (status === 403) {
		const what = /expired/i.test(reason)
			? `The link to ${request.subject} has expired`
			: `The storage host refused the link to ${request.subject}`;
		return failure(
			context,
			request,
			details,
			`${what}${said}`,
			'Recording links are valid for 15 minutes from when OSVI gives them. Run the node again: it asks OSVI for a fresh link and downloads it at once.',
		);
	}
	if (status === 404) {
		return failure(
			context,
			request,
			details,
			`${sentenceStart(request.subject)} is not at the storage host${said}`,
			'OSVI linked to a file that does not exist (any more). Try again later, or check the call in the OSVI dashboard.',
		);
	}
	return failure(
		context,
		request,
		details,
		`The storage host could not send ${request.subject}${said}`,
		status >= 500
			? 'The storage host had a problem. Try again in a few minutes.'
			: 'Try again later, or download the file from the OSVI dashboard.',
	);
}

/**
 * Downloads a self-authorizing link (a presigned storage URL) with a plain request: no API token or other
 * credential, no redirects followed, Timeout and Max Retries from the item's Options (retrying 429, 5xx and
 * network failures, as for any read). Any answer but a non-empty 2xx is an error that names `subject`.
 */
export async function downloadWithoutCredentials(
	context: IExecuteFunctions,
	request: DownloadRequest,
): Promise<DownloadedFile> {
	const url = checkedUrl(context, request);
	const settings = readTransportSettings(context, request.itemIndex);
	const attempt = await withRetries(
		async () => await fetchOnce(context, url, settings),
		{ retryable: isRetryable },
		settings,
		context.getExecutionCancelSignal?.(),
	);

	if (attempt.kind === 'network') {
		const timedOut = attempt.code === 'ECONNABORTED' || attempt.code === 'ETIMEDOUT';
		throw failure(
			context,
			request,
			{ connectionError: attempt.code },
			timedOut
				? `The storage host did not send ${request.subject} in time`
				: `The connection to the storage host failed while downloading ${request.subject}`,
			timedOut
				? `Raise the Timeout in Options, or try again later (${attempt.code}).`
				: `Check the network of this n8n, then try again (${attempt.code}).`,
		);
	}
	const { response } = attempt;
	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw statusError(context, request, response);
	}
	const bytes = toBuffer(response.body);
	if (bytes.length === 0) {
		throw failure(
			context,
			request,
			{ status: response.statusCode },
			`The storage host sent an empty file for ${request.subject}`,
			'Try again later, or check the call in the OSVI dashboard.',
		);
	}
	return { bytes, ...fileTypeOf(headerText(response.headers['content-type']), url) };
}
