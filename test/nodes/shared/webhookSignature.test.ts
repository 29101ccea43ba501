import { createHmac } from 'crypto';

import {
	checkSignature,
	readOfferedSignature,
	signWebhookUrl,
	SIGNATURE_VALIDITY_SECONDS,
	webhookSecretFrom,
} from '../../../nodes/shared/webhookSignature';

const SECRET = 'example-osvi-secret-91d0';
// 2026-06-12T10:00:00.750Z: the milliseconds show that the expiry is counted in whole seconds.
const NOW_MS = Date.UTC(2026, 5, 12, 10, 0, 0, 750);
const NOW_SECONDS = Math.floor(NOW_MS / 1000);
const EXPIRES = String(NOW_SECONDS + 24 * 60 * 60);
// Computed here from the documented scheme, not by the module under test.
const SIGNATURE = createHmac('sha256', SECRET)
	.update(`osvi-webhook-url-v1:${EXPIRES}`)
	.digest('hex');
const TOKEN = `osvi_expires=${EXPIRES}&osvi_signature=${SIGNATURE}`;

function signed(url: string, secret: unknown = SECRET, nowMs = NOW_MS): string {
	const result = signWebhookUrl(url, secret, nowMs);
	if (!result.ok) throw new Error(`expected a signed URL, got: ${result.reason}`);
	return result.url;
}

/** The query as n8n's parser hands it to a trigger, for URLs whose parameters are each given once. */
function queryOf(url: string): Record<string, string> {
	return Object.fromEntries(new URL(url).searchParams);
}

describe('webhookSecretFrom', () => {
	it.each([
		['a secret', SECRET, SECRET],
		['a secret with spaces around it', `  ${SECRET}\n`, SECRET],
		['an empty text', '', undefined],
		['only spaces', '   ', undefined],
		['a number', 12345, undefined],
		['nothing', undefined, undefined],
	])('reads %s', (_label, value, expected) => {
		expect(webhookSecretFrom(value)).toBe(expected);
	});
});

describe('signWebhookUrl', () => {
	it('is valid for 24 hours', () => {
		expect(SIGNATURE_VALIDITY_SECONDS).toBe(86400);
	});

	it.each([
		[
			'a URL without a query',
			'https://n8n.example.com/webhook/abc/webhook',
			`https://n8n.example.com/webhook/abc/webhook?${TOKEN}`,
		],
		[
			'a URL whose query stays exactly as written',
			'https://n8n.example.com/webhook/abc/webhook?a=b%20c&flag&plus=1+2&empty=',
			`https://n8n.example.com/webhook/abc/webhook?a=b%20c&flag&plus=1+2&empty=&${TOKEN}`,
		],
		[
			'a URL with a fragment, which stays last',
			'https://n8n.example.com/webhook/abc/webhook#section',
			`https://n8n.example.com/webhook/abc/webhook?${TOKEN}#section`,
		],
		[
			'a URL with a query and a fragment that holds a question mark',
			'https://n8n.example.com/hook?x=1#part?y=2',
			`https://n8n.example.com/hook?x=1&${TOKEN}#part?y=2`,
		],
		[
			'a URL ending in an empty query',
			'http://127.0.0.1:5678/hook?',
			`http://127.0.0.1:5678/hook?${TOKEN}`,
		],
		[
			'a URL with stray ampersands',
			'http://127.0.0.1:5678/hook?&a=1&&',
			`http://127.0.0.1:5678/hook?a=1&${TOKEN}`,
		],
		['a host without a path', 'https://n8n.example.com', `https://n8n.example.com?${TOKEN}`],
		[
			'an upper-case scheme',
			'HTTPS://n8n.example.com/hook',
			`HTTPS://n8n.example.com/hook?${TOKEN}`,
		],
	])('signs %s', (_label, url, expected) => {
		expect(signWebhookUrl(url, SECRET, NOW_MS)).toStrictEqual({ ok: true, url: expected });
	});

	it('replaces the token of an earlier signing, written in any encoding, instead of repeating it', () => {
		const earlier = signed('https://n8n.example.com/hook?a=1', SECRET, NOW_MS - 3_600_000);
		expect(signed(earlier)).toBe(`https://n8n.example.com/hook?a=1&${TOKEN}`);
		expect(signed('https://n8n.example.com/hook?osvi%5Fexpires=1&b=2&osvi_signature=zz')).toBe(
			`https://n8n.example.com/hook?b=2&${TOKEN}`,
		);
	});

	it('signs with the secret as the trigger reads it, without surrounding spaces', () => {
		expect(signed('https://n8n.example.com/hook', ` ${SECRET} `)).toBe(
			`https://n8n.example.com/hook?${TOKEN}`,
		);
	});

	it('gives another signature for another secret and another time', () => {
		const url = 'https://n8n.example.com/hook';
		const other = queryOf(signed(url, `${SECRET}x`));
		expect(other.osvi_expires).toBe(EXPIRES);
		expect(other.osvi_signature).toMatch(/^[0-9a-f]{64}$/);
		expect(other.osvi_signature).not.toBe(SIGNATURE);
		expect(queryOf(signed(url, SECRET, NOW_MS + 1000))).toStrictEqual({
			osvi_expires: String(NOW_SECONDS + 1 + 86400),
			osvi_signature: createHmac('sha256', SECRET)
				.update(`osvi-webhook-url-v1:${NOW_SECONDS + 1 + 86400}`)
				.digest('hex'),
		});
	});

	it.each([
		['an empty secret', ''],
		['a secret of spaces', '  '],
		['no secret', undefined],
	])('refuses to sign with %s', (_label, secret) => {
		expect(signWebhookUrl('https://n8n.example.com/hook', secret, NOW_MS)).toStrictEqual({
			ok: false,
			reason: 'Signing the webhook URL needs a Webhook Secret in the OSVI API credential',
		});
	});

	it.each([
		['a relative URL', '/webhook/abc/webhook'],
		['another scheme', 'ftp://n8n.example.com/hook'],
		['a URL without a host', 'https:///hook'],
		['an empty text', ''],
	])('refuses %s', (_label, url) => {
		expect(signWebhookUrl(url, SECRET, NOW_MS)).toStrictEqual({
			ok: false,
			reason: 'Only an absolute http or https URL can be signed',
		});
	});

	it('refuses a time that is not a number', () => {
		expect(signWebhookUrl('https://n8n.example.com/hook', SECRET, Number.NaN)).toStrictEqual({
			ok: false,
			reason: 'Only an absolute http or https URL can be signed',
		});
	});

	it.each([
		`https://n8n.example.com/hook?secret=${SECRET}`,
		'https://n8n.example.com/hook?a=1&secret=',
		`https://n8n.example.com/hook?a=1&%73ecret=${SECRET}#x`,
	])('refuses %s, which would hand OSVI the secret, without repeating the secret', (url) => {
		const result = signWebhookUrl(url, SECRET, NOW_MS);
		expect(result).toStrictEqual({
			ok: false,
			reason:
				'The webhook URL carries a secret query parameter: remove it, since a signed URL does not need it and OSVI would receive the secret',
		});
		expect(JSON.stringify(result)).not.toContain(SECRET);
	});
});

describe('readOfferedSignature', () => {
	it('reads both parameters of a signed URL', () => {
		expect(
			readOfferedSignature({ osvi_expires: EXPIRES, osvi_signature: SIGNATURE, a: '1' }),
		).toStrictEqual({
			kind: 'offered',
			expires: EXPIRES,
			signature: SIGNATURE,
		});
	});

	it('reads a half token as offered, to be judged invalid', () => {
		expect(readOfferedSignature({ osvi_signature: SIGNATURE })).toStrictEqual({
			kind: 'offered',
			expires: undefined,
			signature: SIGNATURE,
		});
		expect(readOfferedSignature({ osvi_expires: EXPIRES, osvi_signature: '' })).toStrictEqual({
			kind: 'offered',
			expires: EXPIRES,
			signature: undefined,
		});
	});

	it.each([
		['no query', undefined],
		['a query that is text', `osvi_signature=${SIGNATURE}`],
		['a query without a token', { secret: SECRET }],
		['empty token parameters', { osvi_expires: '', osvi_signature: '' }],
	])('reads %s as absent', (_label, query) => {
		expect(readOfferedSignature(query)).toStrictEqual({ kind: 'absent' });
	});

	it.each([
		['a repeated signature', { osvi_expires: EXPIRES, osvi_signature: [SIGNATURE, 'ab'] }],
		['a repeated expiry', { osvi_expires: [EXPIRES, '9999999999'], osvi_signature: SIGNATURE }],
		['a signature in an array of one', { osvi_expires: EXPIRES, osvi_signature: [SIGNATURE] }],
		['a nested signature', { osvi_expires: EXPIRES, osvi_signature: { a: SIGNATURE } }],
	])('reads %s as repeated', (_label, query) => {
		expect(readOfferedSignature(query)).toStrictEqual({ kind: 'repeated' });
	});
});

describe('checkSignature', () => {
	const genuine = { expires: EXPIRES, signature: SIGNATURE };
	const expiresAtMs = Number(EXPIRES) * 1000;

	it('accepts a genuine token from signing until just before it expires', () => {
		expect(checkSignature(genuine, SECRET, NOW_MS)).toBe('valid');
		expect(checkSignature(genuine, SECRET, expiresAtMs - 1)).toBe('valid');
	});

	it('says a genuine token has expired from its expiry on', () => {
		expect(checkSignature(genuine, SECRET, expiresAtMs)).toBe('expired');
		expect(checkSignature(genuine, SECRET, expiresAtMs + 7 * 86_400_000)).toBe('expired');
	});

	it('accepts the signature in upper-case hex', () => {
		expect(
			checkSignature({ expires: EXPIRES, signature: SIGNATURE.toUpperCase() }, SECRET, NOW_MS),
		).toBe('valid');
	});

	it('rejects a token signed with another secret, even once expired', () => {
		expect(checkSignature(genuine, `${SECRET}x`, NOW_MS)).toBe('invalid');
		expect(checkSignature(genuine, `${SECRET}x`, expiresAtMs + 1000)).toBe('invalid');
	});

	it('rejects a token whose expiry was pushed back', () => {
		expect(
			checkSignature(
				{ expires: String(Number(EXPIRES) + 1), signature: SIGNATURE },
				SECRET,
				NOW_MS,
			),
		).toBe('invalid');
		expect(checkSignature({ expires: `0${EXPIRES}`, signature: SIGNATURE }, SECRET, NOW_MS)).toBe(
			'invalid',
		);
	});

	it('rejects a signature with one character changed', () => {
		const last = SIGNATURE.endsWith('0') ? '1' : '0';
		expect(
			checkSignature(
				{ expires: EXPIRES, signature: `${SIGNATURE.slice(0, -1)}${last}` },
				SECRET,
				NOW_MS,
			),
		).toBe('invalid');
	});

	it.each([
		['no expiry', { signature: SIGNATURE }],
		['no signature', { expires: EXPIRES }],
		['an expiry in exponent form', { expires: '1.8e9', signature: SIGNATURE }],
		['a negative expiry', { expires: '-1', signature: SIGNATURE }],
		['an expiry with a space', { expires: ` ${EXPIRES}`, signature: SIGNATURE }],
		['an absurdly long expiry', { expires: '9'.repeat(400), signature: SIGNATURE }],
		['a short signature', { expires: EXPIRES, signature: SIGNATURE.slice(0, 62) }],
		['a long signature', { expires: EXPIRES, signature: `${SIGNATURE}00` }],
		['a signature that is not hex', { expires: EXPIRES, signature: `${SIGNATURE.slice(0, 63)}g` }],
		['the raw secret as the signature', { expires: EXPIRES, signature: SECRET }],
	])('rejects a token with %s without throwing', (_label, offered) => {
		expect(checkSignature(offered, SECRET, NOW_MS)).toBe('invalid');
	});
});

describe('a signed URL read back the way the trigger reads it', () => {
	it('verifies for 24 hours and then expires', () => {
		const url = signed('https://n8n.example.com/webhook/abc/webhook?source=osvi#ignored');
		const offered = readOfferedSignature(queryOf(url));
		expect(offered.kind).toBe('offered');
		if (offered.kind !== 'offered') return;
		expect(checkSignature(offered, SECRET, NOW_MS)).toBe('valid');
		expect(checkSignature(offered, SECRET, NOW_MS + 86_399_000)).toBe('valid');
		expect(checkSignature(offered, SECRET, (NOW_SECONDS + 86_400) * 1000)).toBe('expired');
	});
});
