import { sleep } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { osviMalformedResponseError, osviNetworkError, osviResponseError } from './errors';

export type OsviContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface OsviRequest {
	method: IHttpRequestMethods;
	endpoint: string;
	body?: IDataObject;
	qs?: IDataObject;
	itemIndex?: number;
}

/** How patient the transport is; the node's Options set these. */
export interface TransportSettings {
	timeoutMs: number;
	maxRetries: number;
	retryBaseDelayMs: number;
	maxRetryDelayMs: number;
}

export const defaultTransportSettings: TransportSettings = {
	timeoutMs: 30_000,
	maxRetries: 3,
	retryBaseDelayMs: 500,
	maxRetryDelayMs: 30_000,
};

const retryableReadStatuses = new Set([429, 500, 502, 503, 504]);

// Failures that happen before a single byte reaches OSVI, so even a call-creating request is safe to repeat.
const neverSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

type Attempt =
	| { kind: 'response'; status: number; body: unknown; retryAfterMs?: number }
	| { kind: 'network'; code: string };

function parseRetryAfter(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function networkCode(error: unknown): string {
	const cause = (error as { cause?: { code?: unknown } }).cause;
	const code = cause?.code ?? (error as { code?: unknown }).code;
	return typeof code === 'string' && code ? code : 'UNKNOWN';
}

// n8n reads a credential from its database and decrypts it on every getCredentials call, and a run may send
// thousands of requests: read the Base URL once per node run (context) instead of once per request.
const baseUrls = new WeakMap<OsviContext, Promise<string>>();

async function baseUrlOf(context: OsviContext): Promise<string> {
	let baseUrl = baseUrls.get(context);
	if (!baseUrl) {
		baseUrl = context.getCredentials<{ baseUrl?: string }>('osviApi').then(
			(credentials) => (credentials.baseUrl || 'https://api.osvi.ai').replace(/\/+$/, ''),
			(error: unknown) => {
				baseUrls.delete(context);
				throw error;
			},
		);
		baseUrls.set(context, baseUrl);
	}
	return await baseUrl;
}

async function send(
	context: OsviContext,
	request: OsviRequest,
	settings: TransportSettings,
): Promise<Attempt> {
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL: await baseUrlOf(context),
		url: request.endpoint,
		body: request.body,
		qs: request.qs,
		json: true,
		timeout: settings.timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			'osviApi',
			options,
		)) as IN8nHttpFullResponse;
		return {
			kind: 'response',
			status: response.statusCode,
			body: response.body,
			retryAfterMs: parseRetryAfter(response.headers['retry-after']),
		};
	} catch (error) {
		// n8n wraps the HTTP client's error, whose request config holds the API token: keep only its code.
		return { kind: 'network', code: networkCode(error) };
	}
}

function isRetryable(attempt: Attempt, idempotent: boolean): boolean {
	if (attempt.kind === 'network') return idempotent || neverSentCodes.has(attempt.code);
	// A 429 means OSVI refused the request, so nothing was dialled and even call creation may repeat.
	if (attempt.status === 429) return true;
	return idempotent && retryableReadStatuses.has(attempt.status);
}

function retryDelay(attempt: Attempt, retryNumber: number, settings: TransportSettings): number {
	const backoff = settings.retryBaseDelayMs * 2 ** retryNumber;
	const requested = attempt.kind === 'response' ? attempt.retryAfterMs : undefined;
	return Math.min(requested ?? backoff, settings.maxRetryDelayMs);
}

/**
 * The one way this package talks to OSVI. Reads retry on transient failures; a request that creates a call
 * (anything but GET) is repeated only when OSVI provably did not receive it, so nobody is dialled twice.
 */
export async function osviApiRequest<T>(
	context: OsviContext,
	request: OsviRequest,
	settings: TransportSettings = defaultTransportSettings,
): Promise<T> {
	const idempotent = request.method === 'GET';
	let attempt = await send(context, request, settings);
	for (let retry = 0; retry < settings.maxRetries && isRetryable(attempt, idempotent); retry++) {
		await sleep(retryDelay(attempt, retry, settings));
		attempt = await send(context, request, settings);
	}

	const node = context.getNode();
	if (attempt.kind === 'network') {
		throw osviNetworkError(node, attempt.code, {
			mayHaveReachedOsvi: !neverSentCodes.has(attempt.code),
			createsCall: !idempotent,
			itemIndex: request.itemIndex,
		});
	}
	const { status, body } = attempt;
	if (status < 200 || status >= 300) {
		throw osviResponseError(node, status, body, request.itemIndex, !idempotent);
	}
	if (typeof body !== 'object' || body === null) {
		throw osviMalformedResponseError(node, status, request.itemIndex, !idempotent);
	}
	if ((body as { success?: unknown }).success === false) {
		throw osviResponseError(node, status, body, request.itemIndex, !idempotent);
	}
	return body as T;
}
