import { createHmac, timingSafeEqual } from 'crypto';

/** Query parameters of a signed webhook URL; OSVI posts back to the URL exactly as it was given. */
export const SIGNATURE_EXPIRES_PARAMETER = 'osvi_expires';
export const SIGNATURE_PARAMETER = 'osvi_signature';

// OSVI posts a per-call webhook once, when the call ends. Initiate starts the call at once and OSVI caps its length
// (max_call_duration_seconds, minutes rather than hours), so a day leaves ample room for a long call, OSVI's
// post-call processing and a late delivery, while a URL copied from OSVI's records stops working the next day.
export const SIGNATURE_VALIDITY_SECONDS = 24 * 60 * 60;

// The prefix names the scheme, so a later change of message can never verify against an old signature.
const SIGNED_MESSAGE_PREFIX = 'osvi-webhook-url-v1:';

const UNIX_SECONDS = /^\d{1,12}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * The credential's webhook secret as the trigger and the signer both use it: trimmed, or undefined when there is
 * none. Both sides must read it the same way, or a secret pasted with a trailing space would sign what it rejects.
 */
export function webhookSecretFrom(value: unknown): string | undefined {
	const secret = typeof value === 'string' ? value.trim() : '';
	return secret === '' ? undefined : secret;
}

function signatureDigest(secret: string, expires: string): Buffer {
	return createHmac('sha256', secret).update(`${SIGNED_MESSAGE_PREFIX}${expires}`, 'utf8').digest();
}

function parameterName(pair: string): string {
	const name = pair.split('=', 1)[0].replace(/\+/g, ' ');
	try {
		return decodeURIComponent(name);
	} catch {
		return name;
	}
}

export type SignedWebhookUrl = { ok: true; url: string } | { ok: false; reason: string };

/**
 * Appends an expiring token (`osvi_expires`, `osvi_signature`) to a webhook URL for the OSVI Trigger, so OSVI never
 * receives the secret itself. Keeps the rest of the URL as written, replaces a token from an earlier signing, and
 * refuses a URL that already carries the secret in its `secret` parameter. Never throws.
 */
export function signWebhookUrl(
	url: string,
	webhookSecret: unknown,
	nowMs: number,
): SignedWebhookUrl {
	const secret = webhookSecretFrom(webhookSecret);
	if (secret === undefined) {
		return {
			ok: false,
			reason: 'Signing the webhook URL needs a Webhook Secret in the OSVI API credential',
		};
	}
	if (!/^https?:\/\/[^/?#]/i.test(url) || !Number.isFinite(nowMs)) {
		return { ok: false, reason: 'Only an absolute http or https URL can be signed' };
	}

	const fragmentStart = url.indexOf('#');
	const fragment = fragmentStart === -1 ? '' : url.slice(fragmentStart);
	const withoutFragment = fragmentStart === -1 ? url : url.slice(0, fragmentStart);
	const queryStart = withoutFragment.indexOf('?');
	const base = queryStart === -1 ? withoutFragment : withoutFragment.slice(0, queryStart);
	const pairs = queryStart === -1 ? [] : withoutFragment.slice(queryStart + 1).split('&');

	if (pairs.some((pair) => parameterName(pair) === 'secret')) {
		return {
			ok: false,
			reason:
				'The webhook URL carries a secret query parameter: remove it, since a signed URL does not need it and OSVI would receive the secret',
		};
	}

	const expires = String(Math.floor(nowMs / 1000) + SIGNATURE_VALIDITY_SECONDS);
	const signature = signatureDigest(secret, expires).toString('hex');
	const kept = pairs.filter((pair) => {
		const name = parameterName(pair);
		return pair !== '' && name !== SIGNATURE_EXPIRES_PARAMETER && name !== SIGNATURE_PARAMETER;
	});
	const query = [
		...kept,
		`${SIGNATURE_EXPIRES_PARAMETER}=${expires}`,
		`${SIGNATURE_PARAMETER}=${signature}`,
	].join('&');
	return { ok: true, url: `${base}?${query}${fragment}` };
}

/** What a request's query offers as a signed token, read before anything is compared. */
export type OfferedSignature =
	| { kind: 'absent' }
	| { kind: 'repeated' }
	| { kind: 'offered'; expires?: string; signature?: string };

/** What one carrier of a request offers: nothing, exactly one value, or more than one (never compared). */
export type Offer = { kind: 'absent' } | { kind: 'repeated' } | { kind: 'one'; value: string };

/** One query parameter as a carrier. n8n parses queries with qs: a repeated parameter arrives as an array. */
export function queryParameterOffer(query: unknown, name: string): Offer {
	if (typeof query !== 'object' || query === null || !(name in query)) return { kind: 'absent' };
	const value: unknown = (query as Record<string, unknown>)[name];
	if (value === undefined || value === '') return { kind: 'absent' };
	if (typeof value !== 'string') return { kind: 'repeated' };
	return { kind: 'one', value };
}

/** Reads `osvi_expires` and `osvi_signature` from a parsed query; a repeated or nested one is `repeated`. */
export function readOfferedSignature(query: unknown): OfferedSignature {
	const expires = queryParameterOffer(query, SIGNATURE_EXPIRES_PARAMETER);
	const signature = queryParameterOffer(query, SIGNATURE_PARAMETER);
	if (expires.kind === 'repeated' || signature.kind === 'repeated') return { kind: 'repeated' };
	if (expires.kind === 'absent' && signature.kind === 'absent') return { kind: 'absent' };
	return {
		kind: 'offered',
		expires: expires.kind === 'one' ? expires.value : undefined,
		signature: signature.kind === 'one' ? signature.value : undefined,
	};
}

export type SignatureVerdict = 'valid' | 'expired' | 'invalid';

/**
 * Checks an offered token against the secret in constant time; never throws. The signature is checked before the
 * expiry, so `expired` is only ever said of a token this secret really signed.
 */
export function checkSignature(
	offered: { expires?: string; signature?: string },
	webhookSecret: string,
	nowMs: number,
): SignatureVerdict {
	const { expires, signature } = offered;
	if (
		expires === undefined ||
		signature === undefined ||
		!UNIX_SECONDS.test(expires) ||
		!SHA256_HEX.test(signature)
	) {
		return 'invalid';
	}
	const expected = signatureDigest(webhookSecret, expires);
	const presented = Buffer.from(signature, 'hex');
	if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
		return 'invalid';
	}
	return Number(expires) * 1000 > nowMs ? 'valid' : 'expired';
}
