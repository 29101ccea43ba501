import {
	presentedSecrets,
	secretsMatch,
	verifySecret,
} from '../../../nodes/OsviTrigger/verifySecret';

const SECRET = 'example-osvi-secret-7c2e';

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

describe('presentedSecrets', () => {
	it('collects the X-Osvi-Secret header, a Bearer token and the secret query parameter in that order', () => {
		expect(
			presentedSecrets({
				headers: {
					'x-osvi-secret': 'from-header',
					authorization: 'Bearer from-bearer',
				},
				query: { secret: 'from-query' },
			}),
		).toEqual(['from-header', 'from-bearer', 'from-query']);
	});

	it('reads header names in any case', () => {
		expect(
			presentedSecrets({
				headers: { 'X-Osvi-Secret': 'a', Authorization: 'bearer b' },
				query: {},
			}),
		).toEqual(['a', 'b']);
	});

	it('ignores an Authorization header with another scheme', () => {
		expect(
			presentedSecrets({
				headers: { authorization: 'Basic dXNlcjpwYXNz' },
				query: {},
			}),
		).toEqual([]);
	});

	it('ignores empty values and trims spaces around values', () => {
		expect(
			presentedSecrets({
				headers: { 'x-osvi-secret': '   ', authorization: 'Bearer   ' },
				query: { secret: ' padded ' },
			}),
		).toEqual(['padded']);
	});

	it('takes every string of a repeated query parameter and skips nested values', () => {
		expect(presentedSecrets({ headers: {}, query: { secret: ['one', 'two'] } })).toEqual([
			'one',
			'two',
		]);
		expect(presentedSecrets({ headers: {}, query: { secret: { nested: 'x' } } })).toEqual([]);
	});

	it('returns nothing when the query is not an object', () => {
		expect(presentedSecrets({ headers: {}, query: undefined })).toEqual([]);
		expect(presentedSecrets({ headers: {}, query: 'secret=x' })).toEqual([]);
	});
});

describe('verifySecret', () => {
	it('accepts the secret in the X-Osvi-Secret header', () => {
		expect(verifySecret(SECRET, { headers: { 'x-osvi-secret': SECRET }, query: {} })).toBe(
			'accepted',
		);
	});

	it('accepts the secret as a Bearer token', () => {
		expect(
			verifySecret(SECRET, {
				headers: { authorization: `Bearer ${SECRET}` },
				query: {},
			}),
		).toBe('accepted');
	});

	it('accepts the secret as the secret query parameter', () => {
		expect(verifySecret(SECRET, { headers: {}, query: { secret: SECRET } })).toBe('accepted');
	});

	it('accepts a request where one carrier is wrong and another holds the secret', () => {
		expect(
			verifySecret(SECRET, {
				headers: { authorization: 'Bearer some-proxy-token' },
				query: { secret: SECRET },
			}),
		).toBe('accepted');
	});

	it('ignores spaces around the configured secret', () => {
		expect(
			verifySecret(` ${SECRET}\n`, {
				headers: { 'x-osvi-secret': SECRET },
				query: {},
			}),
		).toBe('accepted');
	});

	it('reports a request without any secret as missing', () => {
		expect(
			verifySecret(SECRET, {
				headers: { 'content-type': 'application/json' },
				query: {},
			}),
		).toBe('missing');
	});

	it('reports a request with only empty secrets as missing', () => {
		expect(
			verifySecret(SECRET, {
				headers: { 'x-osvi-secret': '' },
				query: { secret: '' },
			}),
		).toBe('missing');
	});

	it('reports a wrong secret as wrong', () => {
		expect(
			verifySecret(SECRET, {
				headers: { 'x-osvi-secret': 'guess' },
				query: {},
			}),
		).toBe('wrong');
	});

	it('reports an empty configured secret as unconfigured even when the request carries one', () => {
		expect(
			verifySecret('', {
				headers: { 'x-osvi-secret': '' },
				query: { secret: 'x' },
			}),
		).toBe('unconfigured');
		expect(verifySecret('   ', { headers: {}, query: {} })).toBe('unconfigured');
	});

	it('reports a configured secret that is not text as unconfigured without throwing', () => {
		expect(verifySecret(undefined, { headers: { 'x-osvi-secret': 'x' }, query: {} })).toBe(
			'unconfigured',
		);
		expect(verifySecret(12345, { headers: { 'x-osvi-secret': '12345' }, query: {} })).toBe(
			'unconfigured',
		);
		expect(verifySecret(null, { headers: {}, query: null })).toBe('unconfigured');
	});
});
