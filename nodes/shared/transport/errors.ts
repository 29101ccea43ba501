import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

interface ErrorAdvice {
	message: string;
	description: string;
}

/** What an OSVI status code means for the user, and what they can do about it. */
const adviceByStatus: Record<number, ErrorAdvice> = {
	400: {
		message: 'OSVI rejected the request',
		description: 'Check the field named in the message and correct its value.',
	},
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
	422: {
		message: 'OSVI rejected the request',
		description: 'Check the field named in the message and correct its value.',
	},
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

/** OSVI's error bodies vary by endpoint: `errors[]`, `error`, or `message` (see osvi-api.md §9). */
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

function adviceFor(status: number): ErrorAdvice {
	if (adviceByStatus[status]) return adviceByStatus[status];
	if (status >= 500) return serverErrorAdvice;
	return otherErrorAdvice;
}

/** An error for an HTTP answer from OSVI: a non-2xx status, or `success: false` on a 2xx. */
export function osviResponseError(
	node: INode,
	status: number,
	body: unknown,
	itemIndex?: number,
	createsCall = false,
): NodeApiError {
	const advice = status >= 200 && status < 300 ? otherErrorAdvice : adviceFor(status);
	const osviMessage = extractOsviMessage(body);
	const message = osviMessage ? `${advice.message}: ${osviMessage}` : advice.message;
	// A server error may come after OSVI started dialling, so the user must look before trying again.
	const description =
		createsCall && status >= 500
			? 'The call may or may not have been placed. Check List calls for this phone number before running this item again, so that nobody is dialled twice.'
			: advice.description;
	return new NodeApiError(node, { status, body } as JsonObject, {
		message,
		description,
		httpCode: String(status),
		itemIndex,
	});
}

export function osviMalformedResponseError(
	node: INode,
	status: number,
	itemIndex?: number,
	createsCall = false,
) {
	// Whatever answered may have passed the call on to OSVI first, so say so rather than invite a retry.
	const description = createsCall
		? 'The call may or may not have been placed: check List calls for this phone number before running this item again. Then check that the Base URL of the OSVI API credential points at the OSVI API (https://api.osvi.ai).'
		: 'Check that the Base URL of the OSVI API credential points at the OSVI API (https://api.osvi.ai) and not at a web page.';
	return new NodeApiError(node, { status } as JsonObject, {
		message: 'OSVI answered with something that is not valid JSON',
		description,
		httpCode: String(status),
		itemIndex,
	});
}

/** A failure without any HTTP answer: the error must not carry the request, which holds the API token. */
export function osviNetworkError(
	node: INode,
	code: string,
	options: { mayHaveReachedOsvi: boolean; createsCall: boolean; itemIndex?: number },
): NodeApiError {
	const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
	// n8n replaces messages that contain a system error code with its own text, so the code goes in the description.
	const what = timedOut ? 'OSVI did not answer in time' : 'The connection to OSVI failed';
	const cause = `(${code})`;
	if (options.createsCall && options.mayHaveReachedOsvi) {
		return new NodeApiError(node, { connectionError: code } as JsonObject, {
			message: `${what}: the call may have been placed`,
			description: `The request reached OSVI, but no answer came back ${cause}, so this call was not retried. Check List calls for this phone number before running this item again, so that nobody is dialled twice.`,
			itemIndex: options.itemIndex,
		});
	}
	return new NodeApiError(node, { connectionError: code } as JsonObject, {
		message: what,
		description: timedOut
			? `Raise the Timeout in Options, or try again later ${cause}.`
			: `Check the Base URL of the OSVI API credential and your network, then try again ${cause}.`,
		itemIndex: options.itemIndex,
	});
}
