import { DateTime } from 'luxon';

export type OsviDate = { ok: true; value: string } | { ok: false; reason: string };

const plainDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Turns a date filter into what OSVI reads correctly: a plain date stays a plain date (OSVI reads it as
 * a day in IST), and a time without an offset is read in the workflow's timezone and sent with its offset.
 */
export function toOsviDate(value: unknown, timezone: string): OsviDate {
	if (value instanceof Date) value = DateTime.fromJSDate(value);
	if (DateTime.isDateTime(value)) {
		return value.isValid
			? { ok: true, value: value.toISO({ suppressMilliseconds: true }) as string }
			: { ok: false, reason: 'is not a valid date' };
	}
	if (typeof value !== 'string') {
		return { ok: false, reason: 'must be a date such as 2026-06-05 or a date and time' };
	}

	const text = value.trim();
	if (plainDate.test(text)) {
		return DateTime.fromISO(text).isValid
			? { ok: true, value: text }
			: { ok: false, reason: `"${text}" is not a real calendar date` };
	}
	const parsed = DateTime.fromISO(text, { zone: timezone, setZone: true });
	if (!parsed.isValid) {
		return {
			ok: false,
			reason: `"${text}" is not a date OSVI understands. Use 2026-06-05 or 2026-06-05T09:30:00`,
		};
	}
	return { ok: true, value: parsed.toISO({ suppressMilliseconds: true }) as string };
}
