import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';

import type { OsviAcknowledgement, OsviPage } from '../interfaces';
import {
	osviNetworkError,
	osviRedirectError,
	osviResponseError,
	osviUnexpectedAnswerError,
} from './errors';
import type { AdviceOverrides, ErrorContext, RequestEffect, UncertainOutcome } from './errors';
import type { Secrets } from './redact';
import { networkCode, parseRetryAfter, transientStatuses, withRetries } from './retry';
import { defaultTransportSettings, readTransportSettings } from './settings';
import type { TransportSettings } from './settings';

export type { RequestEffect, UncertainOutcome } from './errors';
export type OsviContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/**
 * What OSVI answers with: an envelope whose `data` is an object (`data`), a page with a `data` array and `meta`
 * (`page`), a bare array (`array`, only active_agents), or `{success, message}` (`acknowledgement`, DND delete).
 */
export type ResponseKind = 'data' | 'page' | 'array' | 'acknowledgement';

export interface OsviRequest {
	method: IHttpRequestMethods;
	/** Path below the Base URL, such as `/v1/calls`. */
	path: string;
	effect: RequestEffect;
	response: ResponseKind;
	query?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	/** For `data`: fields the answer must hold (non-empty), such as `call_id` after placing a call. */
	requiredFields?: readonly string[];
	/** Error advice for this request that is more precise than the general table. */
	advice?: AdviceOverrides;
	/** For a write: what it may have done at OSVI when its outcome is unknown, if its effect's words do not fit. */
	uncertainOutcome?: UncertainOutcome;
}

interface Answers<T> {
	data: T;
	page: OsviPage<T>;
	array: T[];
	acknowledgement: OsviAcknowledgement;
}

// Failures that happen before a single byte reaches OSVI, so even a call-placing request is safe to repeat.
const neverSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

type Attempt =
	| {
			kind: 'response';
			status: number;
			body: unknown;
			headers: Record<string, unknown>;
			retryAfterMs?: number;
	  }
	| { kind: 'network'; code: string };

interface Connection {
	baseUrl: string;
	secrets: Secrets;
}

function isExecuteContext(context: OsviContext): context is IExecuteFunctions {
	return 'getInputData' in context;
}

// n8n decrypts a credential on every getCredentials call, and a run may send thousands of requests: read it once
// per node run. The token and secret are read only to keep them out of error messages.
const connections = new WeakMap<OsviContext, Promise<Connection>>();

async function connectionOf(context: OsviContext): Promise<Connection> {
	let connection = connections.get(context);
	if (!connection) {
		connection = readConnection(context);
		connection.catch(() => connections.delete(context));
		connections.set(context, connection);
	}
	return await connection;
}

async function readConnection(context: OsviContext): Promise<Connection> {
	const credentials = await context.getCredentials<{
		apiToken?: string;
		baseUrl?: string;
		webhookSecret?: string;
	}>('osviApi');
	const secrets = [credentials.apiToken, credentials.webhookSecret]
		.filter((secret): secret is string => typeof secret === 'string' && secret.trim() !== '');
	return { baseUrl: checkBaseUrl(context, credentials.baseUrl), secrets };
}

/** The credential's Base URL without trailing slashes; one with a query or fragment would garble every path. */
function checkBaseUrl(context: OsviContext, baseUrl: string | undefined): string {
	const text = (baseUrl || 'https://api.osvi.ai').trim().replace(/\/+$/, '');
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	const problem = !url
		? 'is not a URL'
		: url.protocol !== 'https:' && url.protocol !== 'http:'
			? 'must start with https:// or http://'
			: url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')
				? 'must not contain a query (?) or a fragment (#)'
				: undefined;
	if (problem) {
		throw new NodeOperationError(
			context.getNode(),
			`The Base URL of the OSVI API credential ${problem}`,
			{
				description:
					'Open the OSVI API credential and set Base URL to https://api.osvi.ai, or to the root of your proxy or OSVI sandbox.',
			},
		);
	}
	return text;
}

function cancelSignalOf(context: OsviContext): AbortSignal | undefined {
	return isExecuteContext(context) ? context.getExecutionCancelSignal?.() : undefined;
}

async function send(
	context: OsviContext,
	connection: Connection,
	request: OsviRequest,
	settings: TransportSettings,
): Promise<Attempt> {
	const options: IHttpRequestOptions = {
		method: request.method,
		baseURL: connection.baseUrl,
		url: request.path,
		body: request.body,
		qs: request.query,
		json: true,
		timeout: settings.timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A redirect would carry the API-Token header to wherever it points.
		disableFollowRedirect: true,
		abortSignal: cancelSignalOf(context),
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
			headers: response.headers,
			retryAfterMs: parseRetryAfter(response.headers['retry-after']),
		};
	} catch (error) {
		// n8n wraps the HTTP client's error, whose request config holds the API token: keep only its code.
		return { kind: 'network', code: networkCode(error) };
	}
}

function isRetryable(attempt: Attempt, effect: RequestEffect): boolean {
	if (attempt.kind === 'network') return effect === 'read' || neverSentCodes.has(attempt.code);
	// A 429 means OSVI refused the request, so nothing was done and even call placement may repeat.
	if (attempt.status === 429) return true;
	return effect === 'read' && transientStatuses.has(attempt.status);
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasValue(value: unknown): boolean {
	return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number';
}

/** The body as the request's response kind documents it, or why it does not fit. */
function fitAnswer(
	request: OsviRequest,
	body: unknown,
): { answer: unknown } | { expected: string } {
	switch (request.response) {
		case 'array':
			return Array.isArray(body) ? { answer: body } : { expected: 'a JSON array' };
		case 'page':
			return isObject(body) && Array.isArray(body.data)
				? { answer: body }
				: { expected: 'a page with a "data" array' };
		case 'acknowledgement':
			return isObject(body) ? { answer: body } : { expected: 'a JSON object' };
		case 'data': {
			const data = isObject(body) ? body.data : undefined;
			if (!isObject(data)) return { expected: 'a "data" object' };
			const missing = (request.requiredFields ?? []).filter((field) => !hasValue(data[field]));
			if (missing.length > 0) return { expected: `"${missing.join('", "')}" in its data` };
			return { answer: data };
		}
	}
}

/**
 * The one way this package talks to OSVI: builds the URL and headers, never follows redirects, retries what is
 * safe for the request's effect (reads on transient failures; writes and call placement only when OSVI provably
 * did not receive them), and turns every failure, or an answer that does not fit, into an error that says what
 * happened, without any secret in it.
 */
export async function osviRequest<T = IDataObject>(
	context: OsviContext,
	request: OsviRequest & { response: 'data' },
): Promise<T>;
export async function osviRequest<T = IDataObject>(
	context: OsviContext,
	request: OsviRequest & { response: 'page' },
): Promise<OsviPage<T>>;
export async function osviRequest<T = IDataObject>(
	context: OsviContext,
	request: OsviRequest & { response: 'array' },
): Promise<T[]>;
export async function osviRequest(
	context: OsviContext,
	request: OsviRequest & { response: 'acknowledgement' },
): Promise<OsviAcknowledgement>;
export async function osviRequest<T>(
	context: OsviContext,
	request: OsviRequest,
): Promise<Answers<T>[ResponseKind]> {
	const connection = await connectionOf(context);
	const settings =
		isExecuteContext(context) && request.itemIndex !== undefined
			? readTransportSettings(context, request.itemIndex)
			: defaultTransportSettings;
	const errorContext: ErrorContext = {
		node: context.getNode(),
		effect: request.effect,
		secrets: connection.secrets,
		itemIndex: request.itemIndex,
		advice: request.advice,
		uncertainOutcome: request.uncertainOutcome,
	};

	const attempt = await withRetries(
		async () => await send(context, connection, request, settings),
		{
			retryable: (last) => isRetryable(last, request.effect),
			requestedDelayMs: (last) => (last.kind === 'response' ? last.retryAfterMs : undefined),
		},
		settings,
		cancelSignalOf(context),
	);

	if (attempt.kind === 'network') {
		throw osviNetworkError(errorContext, attempt.code, !neverSentCodes.has(attempt.code));
	}
	const { status, body } = attempt;
	if (status >= 300 && status < 400) {
		throw osviRedirectError(errorContext, status, attempt.headers.location);
	}
	if (status < 200 || status >= 300 || (isObject(body) && body.success === false)) {
		throw osviResponseError(errorContext, status, body);
	}
	const fitted = fitAnswer(request, body);
	if ('expected' in fitted) {
		throw osviUnexpectedAnswerError(errorContext, status, body, fitted.expected);
	}
	return fitted.answer as Answers<T>[ResponseKind];
}
