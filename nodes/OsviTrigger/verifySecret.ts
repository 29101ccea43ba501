import { createHash, timingSafeEqual } from 'crypto';

/** How a delivery fared against the configured secret; the trigger maps it to 200/401/403/500. */
export type SecretVerdict = 'accepted' | 'missing' | 'wrong' | 'unconfigured';

/** The parts of a request that can carry the secret, as n8n hands them to a trigger. */
export interface SecretCarriers {
	headers: Record<string, string | string[] | undefined>;
	query: unknown;
}

const BEARER_PREFIX = /^bearer\s+/i;

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

// HTTP strips spaces around header values, so they are ignored everywhere; an empty value is no secret.
function texts(value: unknown): string[] {
	const values: unknown[] = Array.isArray(value) ? value : [value];
	return values
		.filter((item): item is string => typeof item === 'string')
		.map((item) => item.trim())
		.filter((item) => item !== '');
}

function header(headers: SecretCarriers['headers'], name: string): string[] {
	return Object.entries(headers)
		.filter(([key]) => key.toLowerCase() === name)
		.flatMap(([, value]) => texts(value));
}

/** Every secret the request offers: header `X-Osvi-Secret`, `Authorization: Bearer …`, query `secret`. */
export function presentedSecrets({ headers, query }: SecretCarriers): string[] {
	const bearerTokens = header(headers, 'authorization')
		.filter((value) => BEARER_PREFIX.test(value))
		.flatMap((value) => texts(value.replace(BEARER_PREFIX, '')));
	const querySecrets =
		typeof query === 'object' && query !== null && 'secret' in query ? texts(query.secret) : [];
	return [...header(headers, 'x-osvi-secret'), ...bearerTokens, ...querySecrets];
}

/**
 * Judges a request against the credential's webhook secret; never throws.
 * A trigger without a secret rejects everything (fail closed); any carrier with the right secret is enough.
 */
export function verifySecret(expectedSecret: unknown, carriers: SecretCarriers): SecretVerdict {
	const expected = typeof expectedSecret === 'string' ? expectedSecret.trim() : '';
	if (expected === '') return 'unconfigured';

	const presented = presentedSecrets(carriers);
	if (presented.length === 0) return 'missing';

	// Every candidate is compared, so the time taken does not reveal which carrier held the secret.
	const matches = presented.map((candidate) => secretsMatch(candidate, expected));
	return matches.includes(true) ? 'accepted' : 'wrong';
}
