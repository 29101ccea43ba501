const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** OSVI writes call timestamps in IST with an explicit offset and whole seconds: `2026-06-12T09:30:00+05:30`. */
export function formatIst(epochMs: number): string {
	return `${new Date(epochMs + IST_OFFSET_MS).toISOString().slice(0, 19)}+05:30`;
}

export type DateBound =
	| { ok: true; epochMs: number }
	| { ok: false; reason: 'invalid' | 'missingOffset' };

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
	/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0) {
	if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
	const epochMs = Date.UTC(year, month - 1, day, hour, minute, second);
	// Date.UTC rolls 2026-02-30 over into March; a real calendar date survives the round trip.
	return new Date(epochMs).getUTCDate() === day ? epochMs : null;
}

/**
 * Reads `start_date` / `end_date` of `GET /v1/calls`. A plain date is a whole day in IST (the start of the day for
 * a lower bound, its last millisecond for an upper bound); a timestamp with `Z` or an offset is that instant; a
 * timestamp without an offset is refused, because what OSVI does with one is not documented.
 */
export function parseDateBound(value: string, bound: 'start' | 'end'): DateBound {
	const plain = PLAIN_DATE.exec(value);
	if (plain) {
		const dayStartUtc = utcMs(Number(plain[1]), Number(plain[2]), Number(plain[3]));
		if (dayStartUtc === null) return { ok: false, reason: 'invalid' };
		const dayStart = dayStartUtc - IST_OFFSET_MS;
		return { ok: true, epochMs: bound === 'start' ? dayStart : dayStart + DAY_MS - 1 };
	}

	const stamp = TIMESTAMP.exec(value);
	if (!stamp) return { ok: false, reason: 'invalid' };
	const [
		,
		year,
		month,
		day,
		hour,
		minute,
		second,
		fraction,
		zulu,
		sign,
		offsetHours,
		offsetMinutes,
	] = stamp;
	const wallUtc = utcMs(
		Number(year),
		Number(month),
		Number(day),
		Number(hour),
		Number(minute),
		Number(second ?? '0'),
	);
	if (wallUtc === null) return { ok: false, reason: 'invalid' };
	if (!zulu && !sign) return { ok: false, reason: 'missingOffset' };
	const milliseconds = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
	let offsetMs = 0;
	if (sign) {
		if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)
			return { ok: false, reason: 'invalid' };
		offsetMs =
			(Number(offsetHours) * 60 + Number(offsetMinutes)) * 60 * 1000 * (sign === '+' ? 1 : -1);
	}
	return { ok: true, epochMs: wallUtc + milliseconds - offsetMs };
}
