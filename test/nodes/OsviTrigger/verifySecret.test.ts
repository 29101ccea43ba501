import crypto from 'crypto';

import {
	offeredSecrets,
	secretsMatch,
	verifySecret,
	type SecretCarriers,
} from '../../../nodes/OsviTrigger/verifySecret';
import { signWebhookUrl } from '../../../nodes/shared/webhookSignature';
import { startReceiver } from '../../../sandbox/server';

const SECRET = 'example-osvi-secret-7c2e';
const NOW_MS = Date.UTC(2026, 5, 12, 10, 0, 0);
const DAY_MS = 24 * 60 * 60 * 1000;

/** The token a signed URL carries, as n8n's query parser hands it over. */
function signedQuery(secret = SECRET, signedAtMs = NOW_MS): Record<string, string> {
	const result = signWebhookUrl('https://n8n.example.com/webhook/abc/webhook', secret, signedAtMs);
	if (!result.ok) throw new Error(result.reason);
	return Object.fromEntries(new URL(result.url).searchParams);
}

function verify(carriers: Partial<SecretCarriers>, nowMs = NOW_MS) {
	return verifySecret(SECRET, { headers: {}, query: {}, ...carriers }, nowMs);
}

describe('secretsMatch', () => {
	it('returns true for the same secret', () => {
		expect(secretsMatch(SECRET, SECRET)).toBe(true);
	});

	it('returns false for a secret that differs in one character', () => {
		expect(secretsMatch('example-osvi-secret-7c2E', SECRET)).toBe(false);
	});

	it('returns false without throwing for secrets of different lengths', () => {
		expect(() => secretsMatch('short', SECRET)).not.toThrow();
		expect(secretsMatch('short', SECRET)).toBe(false);
		expect(secretsMatch(`${SECRET}-and-more`, SECRET)).toBe(false);
		expect(secretsMatch(SECRET.slice(0, -1), SECRET)).toBe(false);
	});

	it('returns false for an empty secret against a real one', () => {
		expect(secretsMatch('', SECRET)).toBe(false);
	});

	it('compares multi-byte characters without throwing', () => {
		expect(secretsMatch('geheim-ü', 'geheim-u')).toBe(false);
		expect(secretsMatch('geheim-ü', 'geheim-ü')).toBe(true);
	});
});

describe('offeredSecrets', () => {
	it('reads the X-Osvi-Secret header, a Bearer token and the secret query parameter in that order', () => {
		expect(
			offeredSecrets({
				headers: { 'x-osvi-secret': 'from-header', authorization: 'Bearer from-bearer' },
				query: { secret: 'from-query' },
			}),
		).toStrictEqual([
			{ kind: 'one', value: 'from-header' },
			{ kind: 'one', value: 'from-bearer' },
			{ kind: 'one', value: 'from-query' },
		]);
	});

	it('reads header names in any case', () => {
		expect(
			offeredSecrets({ headers: { 'X-Osvi-Secret': 'a', Authorization: 'bearer b' }, query: {} }),
		).toStrictEqual([{ kind: 'one', value: 'a' }, { kind: 'one', value: 'b' }, { kind: 'absent' }]);
	});

	it('ignores an Authorization header with another scheme', () => {
		expect(
			offeredSecrets({ headers: { authorization: 'Basic dXNlcjpwYXNz' }, query: {} })[1],
		).toStrictEqual({ kind: 'absent' });
	});

	it('ignores empty values and trims spaces around values', () => {
		expect(
			offeredSecrets({
				headers: { 'x-osvi-secret': '   ', authorization: 'Bearer   ' },
				query: { secret: ' padded ' },
			}),
		).toStrictEqual([{ kind: 'absent' }, { kind: 'absent' }, { kind: 'one', value: 'padded' }]);
	});

	it('reads nothing from a query that is not an object', () => {
		const absent = [{ kind: 'absent' }, { kind: 'absent' }, { kind: 'absent' }];
		expect(offeredSecrets({ headers: {}, query: undefined })).toStrictEqual(absent);
		expect(offeredSecrets({ headers: {}, query: 'secret=x' })).toStrictEqual(absent);
	});

	it.each([
		['repeated X-Osvi-Secret headers, as Node.js joins them', { 'x-osvi-secret': 'one, two' }, 0],
		['an X-Osvi-Secret with a trailing comma', { 'x-osvi-secret': 'one,' }, 0],
		['X-Osvi-Secret headers as an array', { 'x-osvi-secret': ['one', 'two'] }, 0],
		['X-Osvi-Secret under two spellings', { 'x-osvi-secret': 'one', 'X-OSVI-SECRET': 'two' }, 0],
		['a Bearer token list', { authorization: 'Bearer one, Bearer two' }, 1],
		['a Bearer token with a comma', { authorization: 'Bearer one,two' }, 1],
		['two Bearer Authorization headers', { authorization: ['Bearer one', 'Bearer two'] }, 1],
	])('reads %s as repeated', (_label, headers, carrier) => {
		expect(offeredSecrets({ headers, query: {} })[carrier]).toStrictEqual({ kind: 'repeated' });
	});

	// n8n parses query strings with qs: `?secret=a&secret=b` and `?secret[]=a` give arrays, `?secret[k]=a` an object.
	it.each([
		['a repeated secret parameter', { secret: ['one', 'two'] }],
		['a secret parameter in an array of one', { secret: ['one'] }],
		['a nested secret parameter', { secret: { k: 'one' } }],
	])('reads %s as repeated', (_label, query) => {
		expect(offeredSecrets({ headers: {}, query })[2]).toStrictEqual({ kind: 'repeated' });
	});
});

describe('verifySecret', () => {
	it('accepts the secret in the X-Osvi-Secret header', () => {
		expect(verify({ headers: { 'x-osvi-secret': SECRET } })).toBe('accepted');
	});

	it('accepts the secret as a Bearer token', () => {
		expect(verify({ headers: { authorization: `Bearer ${SECRET}` } })).toBe('accepted');
	});

	it('accepts the secret as the secret query parameter', () => {
		expect(verify({ query: { secret: SECRET } })).toBe('accepted');
	});

	it('accepts a request where one carrier is wrong and another holds the secret', () => {
		expect(
			verify({ headers: { authorization: 'Bearer some-proxy-token' }, query: { secret: SECRET } }),
		).toBe('accepted');
	});

	it('ignores spaces around the configured secret', () => {
		expect(
			verifySecret(` ${SECRET}\n`, { headers: { 'x-osvi-secret': SECRET }, query: {} }, NOW_MS),
		).toBe('accepted');
	});

	it('reports a request without any secret as missing', () => {
		expect(verify({ headers: { 'content-type': 'application/json' } })).toBe('missing');
	});

	it('reports a request with only empty secrets as missing', () => {
		expect(verify({ headers: { 'x-osvi-secret': '' }, query: { secret: '' } })).toBe('missing');
	});

	it('reports a wrong secret as wrong', () => {
		expect(verify({ headers: { 'x-osvi-secret': 'guess' } })).toBe('wrong');
	});

	it('reports an empty configured secret as unconfigured even when the request carries one', () => {
		expect(
			verifySecret('', { headers: { 'x-osvi-secret': '' }, query: { secret: 'x' } }, NOW_MS),
		).toBe('unconfigured');
		expect(verifySecret('   ', { headers: {}, query: {} }, NOW_MS)).toBe('unconfigured');
	});

	it('reports a configured secret that is not text as unconfigured without throwing', () => {
		expect(verifySecret(undefined, { headers: { 'x-osvi-secret': 'x' }, query: {} }, NOW_MS)).toBe(
			'unconfigured',
		);
		expect(verifySecret(12345, { headers: { 'x-osvi-secret': '12345' }, query: {} }, NOW_MS)).toBe(
			'unconfigured',
		);
		expect(verifySecret(null, { headers: {}, query: null }, NOW_MS)).toBe('unconfigured');
	});

	describe('each carrier counts once', () => {
		let timingSafeEqual: jest.SpiedFunction<typeof crypto.timingSafeEqual>;
		let createHash: jest.SpiedFunction<typeof crypto.createHash>;
		let createHmac: jest.SpiedFunction<typeof crypto.createHmac>;
		beforeEach(() => {
			timingSafeEqual = jest.spyOn(crypto, 'timingSafeEqual');
			createHash = jest.spyOn(crypto, 'createHash');
			createHmac = jest.spyOn(crypto, 'createHmac');
		});
		afterEach(() => jest.restoreAllMocks());

		function comparisons(): number {
			return timingSafeEqual.mock.calls.length;
		}

		it('compares each offered carrier exactly once', () => {
			expect(
				verify({
					headers: { 'x-osvi-secret': 'guess-1', authorization: 'Bearer guess-2' },
					query: { secret: 'guess-3', ...signedQuery(`${SECRET}-other`) },
				}),
			).toBe('badSignature');
			expect(comparisons()).toBe(4);
		});

		it.each([
			['repeated secret query values, one of them right', { query: { secret: ['guess', SECRET] } }],
			[
				'twenty secret query values next to a header and a Bearer token',
				{
					headers: { 'x-osvi-secret': 'guess-a', authorization: 'Bearer guess-b' },
					query: { secret: Array.from({ length: 20 }, (_, index) => `guess-${index}`) },
				},
			],
			[
				'repeated X-Osvi-Secret headers, one of them right',
				{ headers: { 'x-osvi-secret': `guess, ${SECRET}` } },
			],
			[
				'a Bearer list, one of them right',
				{ headers: { authorization: `Bearer guess, Bearer ${SECRET}` } },
			],
			[
				'a repeated carrier next to another that holds the secret',
				{ headers: { 'x-osvi-secret': SECRET }, query: { secret: ['a', 'b'] } },
			],
			[
				'a repeated signature, one of them genuine',
				{
					query: {
						...signedQuery(),
						osvi_signature: ['0'.repeat(64), signedQuery().osvi_signature],
					},
				},
			],
			[
				'a repeated expiry next to the right header secret',
				{
					headers: { 'x-osvi-secret': SECRET },
					query: { osvi_expires: ['1', '2'], osvi_signature: '0'.repeat(64) },
				},
			],
		])('rejects %s as repeated without comparing anything', (_label, carriers) => {
			expect(verify(carriers)).toBe('repeated');
			expect(comparisons()).toBe(0);
			expect(createHash).not.toHaveBeenCalled();
			expect(createHmac).not.toHaveBeenCalled();
		});
	});

	describe('signed webhook URLs', () => {
		it('accepts a valid, unexpired signature in place of the secret', () => {
			expect(verify({ query: { a: '1', ...signedQuery() } })).toBe('accepted');
			expect(verify({ query: signedQuery() }, NOW_MS + DAY_MS - 1000)).toBe('accepted');
		});

		it('accepts a valid signature even when a header holds a wrong secret', () => {
			expect(verify({ headers: { 'x-osvi-secret': 'guess' }, query: signedQuery() })).toBe(
				'accepted',
			);
		});

		it('accepts the right secret next to an expired signature', () => {
			expect(
				verify({ query: { secret: SECRET, ...signedQuery(SECRET, NOW_MS - 2 * DAY_MS) } }),
			).toBe('accepted');
		});

		it('reports a genuine signature past its 24 hours as expired', () => {
			expect(verify({ query: signedQuery() }, NOW_MS + DAY_MS)).toBe('expired');
			expect(verify({ query: signedQuery(SECRET, NOW_MS - DAY_MS - 1000) })).toBe('expired');
		});

		it('reports a signature made with another secret as a bad signature, even once expired', () => {
			expect(verify({ query: signedQuery(`${SECRET}-old`) })).toBe('badSignature');
			expect(verify({ query: signedQuery(`${SECRET}-old`) }, NOW_MS + 2 * DAY_MS)).toBe(
				'badSignature',
			);
		});

		it('reports a token whose expiry was pushed back as a bad signature', () => {
			const query = signedQuery();
			expect(
				verify({
					query: { ...query, osvi_expires: String(Number(query.osvi_expires) + DAY_MS / 1000) },
				}),
			).toBe('badSignature');
		});

		it('reports half a token as a bad signature', () => {
			expect(verify({ query: { osvi_signature: signedQuery().osvi_signature } })).toBe(
				'badSignature',
			);
			expect(verify({ query: { osvi_expires: signedQuery().osvi_expires } })).toBe('badSignature');
		});

		it('reports a wrong secret and a bad signature together as a bad signature', () => {
			expect(
				verify({
					headers: { 'x-osvi-secret': 'guess' },
					query: { osvi_expires: '1', osvi_signature: 'x' },
				}),
			).toBe('badSignature');
		});
	});
});

describe('repeated secret headers as they arrive over HTTP', () => {
	/** Sends one request with these header lines and returns the headers Node.js parsed from it. */
	async function headersSeen(lines: Array<[string, string]>): Promise<Record<string, string>> {
		const receiver = await startReceiver();
		try {
			await fetch(`${receiver.url}/webhook`, { method: 'POST', headers: lines, body: '{}' });
			return (await receiver.waitForRequests(1))[0].headers;
		} finally {
			await receiver.close();
		}
	}

	it('rejects two X-Osvi-Secret headers, one of them right, as repeated', async () => {
		const headers = await headersSeen([
			['X-Osvi-Secret', 'guess'],
			['X-Osvi-Secret', SECRET],
		]);
		expect(headers['x-osvi-secret']).toBe(`guess, ${SECRET}`);
		expect(verifySecret(SECRET, { headers, query: {} }, NOW_MS)).toBe('repeated');
	});

	it('rejects two Authorization headers, one of them right, as repeated', async () => {
		const headers = await headersSeen([
			['Authorization', 'Bearer guess'],
			['Authorization', `Bearer ${SECRET}`],
		]);
		expect(headers.authorization).toBe(`Bearer guess, Bearer ${SECRET}`);
		expect(verifySecret(SECRET, { headers, query: {} }, NOW_MS)).toBe('repeated');
	});
});
