/** Longest text taken from an OSVI answer into an error message. */
export const maxQuotedLength = 300;

/** What must never appear in an error: the credential's secrets, as sent in the request's headers or URLs. */
export type Secrets = readonly string[];

/**
 * Text from an answer (which may echo the request, API-Token header included) made safe to show and store:
 * every secret replaced, then cut to a readable length.
 */
export function redact(text: string, secrets: Secrets, maxLength = maxQuotedLength): string {
	let safe = text;
	// As written, and as an answer may quote it: escaped inside JSON, or percent-encoded in a URL.
	const forms = secrets.flatMap((secret) =>
		secret.length > 0
			? [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]
			: [],
	);
	// Longest first, so a secret that contains another is replaced whole.
	for (const form of [...new Set(forms)].sort((a, b) => b.length - a.length)) {
		safe = safe.split(form).join('[redacted]');
	}
	return safe.length > maxLength ? `${safe.slice(0, maxLength)}…` : safe;
}

/** A JSON value turned into redacted, bounded text for an error's stored details. */
export function redactValue(value: unknown, secrets: Secrets, maxLength = 2_000): string {
	const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
	return redact(text, secrets, maxLength);
}
