import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { redact, redactValue } from './redact';
import type { Secrets } from './redact';

/** What a request does at OSVI; retries and error wording follow from it. */
export type RequestEffect = 'read' | 'write' | 'placesCall';

/** What an error says happened, and what the user can do about it. */
export interface ErrorAdvice {
	message: string;
	description: string;
}

/** Advice for one request that is more precise than the table below, by status code. */
export type AdviceOverrides = Partial<Record<number, ErrorAdvice>>;

const rejected: ErrorAdvice = {
	message: 'OSVI rejected the request',
	description: 'Check the field named in the message and correct its value.',
};

const adviceByStatus: Record<number, ErrorAdvice> = {
	400: rejected,
	401: {
		message: 'OSVI did not accept the API token',
		description:
			'Check the API Token of the OSVI API credential. You find it in the OSVI dashboard under Settings → API.',
	},
	403: {
		message: 'OSVI refused access',
		description:
			'The agent must belong to the OSVI account of the API token. Choose one of your agents from the list.',
	},
	404: {
		message: 'OSVI could not find what was asked for',
		description: 'Check the agent ID or call ID: it must exist on the account of the API token.',
	},
	422: rejected,
	429: {
		message: 'OSVI is receiving too many requests',
		description:
			'Wait a moment and run the workflow again, or lower the concurrency or pacing in Options.',
	},
};

const serverErrorAdvice: ErrorAdvice = {
	message: 'OSVI had a problem answering',
	description: 'This is on OSVI’s side. Try again in a few minutes.',
};

const otherErrorAdvice: ErrorAdvice = {
	message: 'OSVI answered with an error',
	description: 'Check the parameters of this node, then try again.',
};

const checkBaseUrl =
	'Check that the Base URL of the OSVI API credential points at the OSVI API (https://api.osvi.ai).';
const checkBaseUrlIsTheApi =
	'Check that the Base URL of the OSVI API credential points at the OSVI API (https://api.osvi.ai) and not at a web page.';

type WriteEffect = Exclude<RequestEffect, 'read'>;

/** What a write may have done at OSVI when its outcome is unknown: briefly, for the message; then what to check. */
export interface UncertainOutcome {
	briefly: string;
	advice: string;
}

// Whatever answered may have acted on the request before failing, so say so rather than invite a blind re-run.
const mayHaveHappened: Record<WriteEffect, UncertainOutcome> = {
	placesCall: {
		briefly: 'the call may have been placed',
		advice:
			'The call may or may not have been placed. Check List calls for this phone number before running this item again, so that nobody is dialled twice.',
	},
	write: {
		briefly: 'the change may have reached OSVI',
		advice:
			'The change may or may not have reached OSVI. Check its current state in OSVI before running this item again.',
	},
};

/** Context every error needs: which item, what the request does, and the secrets no message may show. */
export interface ErrorContext {
	node: INode;
	effect: RequestEffect;
	secrets: Secrets;
	itemIndex?: number;
	advice?: AdviceOverrides;
	/** For a write: its own words for an unknown outcome, instead of its effect's. */
	uncertainOutcome?: UncertainOutcome;
}

function uncertainOutcome(context: ErrorContext, effect: WriteEffect): UncertainOutcome {
	return context.uncertainOutcome ?? mayHaveHappened[effect];
}

/** OSVI's error bodies vary by endpoint: `errors[]`, `error`, or `message` (docs/osvi-api.md, errors). */
export function extractOsviMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() || undefined;
	if (typeof body !== 'object' || body === null) return undefined;
	const { errors, error, message } = body as Record<string, unknown>;
	if (Array.isArray(errors) && errors.length > 0) return errors.map(String).join('; ');
	if (typeof error === 'string' && error) return error;
	if (
		typeof error === 'object' &&
		error !== null &&
		typeof (error as JsonObject).message === 'string'
	) {
		return (error as JsonObject).message as string;
	}
	if (typeof message === 'string' && message) return message;
	return undefined;
}

function adviceFor(status: number, overrides: AdviceOverrides = {}): ErrorAdvice {
	const advice = overrides[status] ?? adviceByStatus[status];
	if (advice) return advice;
	return status >= 500 ? serverErrorAdvice : otherErrorAdvice;
}

function apiError(
	context: ErrorContext,
	details: JsonObject,
	advice: ErrorAdvice,
	httpCode?: number,
): NodeApiError {
	return new NodeApiError(context.node, details, {
		message: advice.message,
		description: advice.description,
		httpCode: httpCode === undefined ? undefined : String(httpCode),
		itemIndex: context.itemIndex,
	});
}

/** A non-2xx answer, or `success: false` on a 2xx. */
export function osviResponseError(
	context: ErrorContext,
	status: number,
	body: unknown,
): NodeApiError {
	const advice =
		status >= 200 && status < 300 ? otherErrorAdvice : adviceFor(status, context.advice);
	const quoted = extractOsviMessage(body);
	const message = quoted ? `${advice.message}: ${redact(quoted, context.secrets)}` : advice.message;
	const description =
		context.effect !== 'read' && status >= 500
			? uncertainOutcome(context, context.effect).advice
			: advice.description;
	return apiError(
		context,
		{ status, body: redactValue(body, context.secrets) },
		{ message, description },
		status,
	);
}

/** A 3xx: never followed, because the API token would go along to wherever it points. */
export function osviRedirectError(
	context: ErrorContext,
	status: number,
	location: unknown,
): NodeApiError {
	let target = 'an address it did not give';
	if (typeof location === 'string' && location !== '') {
		try {
			target = new URL(location, 'http://relative.invalid').host;
		} catch {
			target = 'an address that is not a valid URL';
		}
	}
	const why = `OSVI requests never follow redirects, so the API token goes nowhere but the Base URL. ${checkBaseUrl}`;
	return apiError(
		context,
		{ status, location: redact(String(location ?? ''), context.secrets) },
		{
			message: `OSVI answered with a redirect (${status}) to ${redact(target, context.secrets)}`,
			description:
				context.effect === 'read'
					? why
					: `${uncertainOutcome(context, context.effect).advice} ${why}`,
		},
		status,
	);
}

/** A 2xx whose body is not what the endpoint documents (not JSON, no `data`, `data` of the wrong kind). */
export function osviUnexpectedAnswerError(
	context: ErrorContext,
	status: number,
	body: unknown,
	expected: string,
): NodeApiError {
	const notJson = typeof body !== 'object' || body === null;
	const message = notJson
		? 'OSVI answered with something that is not valid JSON'
		: `OSVI answered in an unexpected form (${status}): expected ${expected}, but it sent ${redactValue(body, context.secrets, 120)}`;
	let description = notJson ? checkBaseUrlIsTheApi : checkBaseUrl;
	if (context.effect !== 'read') {
		description = `${uncertainOutcome(context, context.effect).advice} ${checkBaseUrl}`;
	}
	return apiError(
		context,
		{ status, body: redactValue(body, context.secrets) },
		{ message, description },
		status,
	);
}

/** A failure without any HTTP answer: the error must not carry the request, which holds the API token. */
export function osviNetworkError(
	context: ErrorContext,
	code: string,
	mayHaveReachedOsvi: boolean,
): NodeApiError {
	const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
	// n8n replaces messages that contain a system error code with its own text, so the code goes in the description.
	const what = timedOut ? 'OSVI did not answer in time' : 'The connection to OSVI failed';
	const cause = `(${code})`;
	if (context.effect !== 'read' && mayHaveReachedOsvi) {
		const { briefly, advice } = uncertainOutcome(context, context.effect);
		return apiError(
			context,
			{ connectionError: code },
			{
				message: `${what}: ${briefly}`,
				description: `The request reached OSVI, but no answer came back ${cause}, so it was not repeated. ${advice}`,
			},
		);
	}
	return apiError(
		context,
		{ connectionError: code },
		{
			message: what,
			description: timedOut
				? `Raise the Timeout in Options, or try again later ${cause}.`
				: `Check the Base URL of the OSVI API credential and your network, then try again ${cause}.`,
		},
	);
}
