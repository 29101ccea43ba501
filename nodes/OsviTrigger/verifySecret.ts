import { createHash, timingSafeEqual } from 'crypto';

import {
	checkSignature,
	queryParameterOffer,
	readOfferedSignature,
	webhookSecretFrom,
	type Offer,
} from '../shared/webhookSignature';

/** How a delivery fared against the configured secret; the trigger maps it to 200/401/403/500. */
export type SecretVerdict =
	| 'accepted'
	| 'missing'
	| 'repeated'
	| 'wrong'
	| 'badSignature'
	| 'expired'
	| 'unconfigured';

/** The parts of a request that can carry the secret, as n8n hands them to a trigger. */
export interface SecretCarriers {
	headers: Record<string, string | string[] | undefined>;
	query: unknown;
}

const ABSENT: Offer = { kind: 'absent' };
const REPEATED: Offer = { kind: 'repeated' };
const BEARER_SCHEME = /^bearer(?:\s+|$)/i;

function sha256(text: string): Buffer {
	return createHash('sha256').update(text, 'utf8').digest();
}

/** Compares two secrets in constant time; never throws. */
export function secretsMatch(presented: string, expected: string): boolean {
	// Comparing SHA-256 digests hands timingSafeEqual two 32-byte buffers whatever the inputs,
	// so neither the matching prefix nor the secret's length shows in the time taken.
	const presentedDigest = sha256(presented);
	const expectedDigest = sha256(expected);
	return (
		presentedDigest.length === expectedDigest.length &&
		timingSafeEqual(presentedDigest, expectedDigest)
	);
}

// Node.js joins a repeated header into one value with ", " (HTTP allows a list there), so a comma means more
// than one value. HTTP strips spaces around a value; an empty value is no secret.
function offerOf(values: string[]): Offer {
	const parts = values.flatMap((value) => value.split(',')).map((part) => part.trim());
	if (parts.length > 1) return REPEATED;
	return parts.length === 1 && parts[0] !== '' ? { kind: 'one', value: parts[0] } : ABSENT;
}

function headerValues(headers: SecretCarriers['headers'], name: string): string[] {
	return Object.entries(headers)
		.filter(([key]) => key.toLowerCase() === name)
		.flatMap(([, value]) => (Array.isArray(value) ? value : [value]))
		.filter((value): value is string => typeof value === 'string');
}

// Node.js keeps only the first of several Authorization lines; a sender that joins them (as fetch does) sends a
// comma, and an array or a comma counts as repeated.
function bearerOffer(headers: SecretCarriers['headers']): Offer {
	const bearers = headerValues(headers, 'authorization')
		.map((value) => value.trim())
		.filter((value) => BEARER_SCHEME.test(value));
	if (bearers.length > 1) return REPEATED;
	return offerOf(bearers.map((value) => value.replace(BEARER_SCHEME, '')));
}

// `secret[key]=…` arrives as an object, which counts as repeated like an array.
function querySecretOffer(query: unknown): Offer {
	const offer = queryParameterOffer(query, 'secret');
	if (offer.kind !== 'one') return offer;
	const secret = offer.value.trim();
	return secret === '' ? ABSENT : { kind: 'one', value: secret };
}

/** What each carrier offers: header `X-Osvi-Secret`, `Authorization: Bearer …`, query `secret`, in that order. */
export function offeredSecrets({ headers, query }: SecretCarriers): Offer[] {
	return [
		offerOf(headerValues(headers, 'x-osvi-secret')),
		bearerOffer(headers),
		querySecretOffer(query),
	];
}

/**
 * Judges a request against the credential's webhook secret at `nowMs`; never throws. A trigger without a secret
 * rejects everything (fail closed). Each carrier (the three secret carriers and a signed URL's token) counts once:
 * a request that offers more than one value in any of them is rejected before anything is compared. Otherwise one
 * carrier with the right secret, or a valid unexpired signature, is enough.
 */
export function verifySecret(
	expectedSecret: unknown,
	carriers: SecretCarriers,
	nowMs: number,
): SecretVerdict {
	const expected = webhookSecretFrom(expectedSecret);
	if (expected === undefined) return 'unconfigured';

	const secrets = offeredSecrets(carriers);
	const signature = readOfferedSignature(carriers.query);
	if (signature.kind === 'repeated' || secrets.some((offer) => offer.kind === 'repeated')) {
		return 'repeated';
	}

	const candidates = secrets.flatMap((offer) => (offer.kind === 'one' ? [offer.value] : []));
	if (candidates.length === 0 && signature.kind === 'absent') return 'missing';

	// Every offer is checked, so the time taken does not reveal which carrier held the secret.
	const secretMatched = candidates
		.map((candidate) => secretsMatch(candidate, expected))
		.includes(true);
	const signatureVerdict =
		signature.kind === 'offered' ? checkSignature(signature, expected, nowMs) : undefined;

	if (secretMatched || signatureVerdict === 'valid') return 'accepted';
	if (signatureVerdict === 'expired') return 'expired';
	if (signatureVerdict === 'invalid') return 'badSignature';
	return 'wrong';
}
