import { pause } from '../pause';
import type { TransportSettings } from './settings';

/** Statuses that say "try again later" rather than "this request is wrong". */
export const transientStatuses = new Set([429, 500, 502, 503, 504]);

/** The system error code of a failed request (ECONNRESET, ETIMEDOUT…); the error itself may hold secrets. */
export function networkCode(error: unknown): string {
	const cause = (error as { cause?: { code?: unknown } }).cause;
	const code = cause?.code ?? (error as { code?: unknown }).code;
	return typeof code === 'string' && code ? code : 'UNKNOWN';
}

/** A `Retry-After` header in milliseconds (seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: unknown): number | undefined {
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(String(value));
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Makes `attempt` and repeats it while `retryable` says so, up to Max Retries, with bounded exponential backoff (or
 * the wait the answer asked for). A cancelled execution stops the waiting; the last attempt is returned either way.
 */
export async function withRetries<Attempt>(
	attempt: () => Promise<Attempt>,
	retry: {
		retryable(attempt: Attempt): boolean;
		requestedDelayMs?(attempt: Attempt): number | undefined;
	},
	settings: TransportSettings,
	signal?: AbortSignal,
): Promise<Attempt> {
	let last = await attempt();
	for (let count = 0; count < settings.maxRetries && retry.retryable(last); count++) {
		const backoff = settings.retryBaseDelayMs * 2 ** count;
		const delay = Math.min(retry.requestedDelayMs?.(last) ?? backoff, settings.maxRetryDelayMs);
		if (!(await pause(delay, signal))) break;
		last = await attempt();
	}
	return last;
}
