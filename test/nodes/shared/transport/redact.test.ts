import { redact, redactValue } from '../../../../nodes/shared/transport/redact';

describe('redacting secrets from what OSVI answers', () => {
	const secret = 'my"long\\secret-value/ü';

	test.each([
		['as written', `webhook_url=https://n8n.example/webhook?secret=${secret}`],
		[
			'escaped inside JSON',
			JSON.stringify({ url: `https://n8n.example/webhook?secret=${secret}` }),
		],
		[
			'percent-encoded in a URL',
			`https://n8n.example/webhook?secret=${encodeURIComponent(secret)}`,
		],
	])('replaces a secret quoted %s', (_, text) => {
		expect(redact(text, [secret])).not.toMatch(/long|secret-value/);
		expect(redact(text, [secret])).toContain('secret=[redacted]');
	});

	test('redacts a JSON body after turning it into text, where quotes and backslashes are escaped', () => {
		const body = {
			error: 'Invalid webhook_url',
			echo: `https://n8n.example/webhook?secret=${secret}`,
		};

		expect(redactValue(body, [secret])).toBe(
			'{"error":"Invalid webhook_url","echo":"https://n8n.example/webhook?secret=[redacted]"}',
		);
	});

	test('replaces the longer of two secrets whole when one contains the other', () => {
		expect(redact('token abcd1234abcd1234 and abcd', ['abcd', 'abcd1234abcd1234'])).toBe(
			'token [redacted] and [redacted]',
		);
	});

	test('cuts long text after replacing, and leaves text without secrets as it is', () => {
		expect(redact('x'.repeat(305), ['nothing'])).toBe(`${'x'.repeat(300)}…`);
		expect(redact('no secret here', [''])).toBe('no secret here');
	});
});
