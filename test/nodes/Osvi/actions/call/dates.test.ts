import { DateTime } from 'luxon';

import { toOsviDate } from '../../../../../nodes/Osvi/actions/call/dates';

describe('toOsviDate', () => {
	test.each([
		['a plain date, as OSVI reads it in IST', '2026-06-05', 'Asia/Kolkata', '2026-06-05'],
		[
			'a plain date, never shifted into another timezone',
			' 2026-06-05 ',
			'Pacific/Auckland',
			'2026-06-05',
		],
		[
			'a picker value without offset, in the workflow timezone',
			'2026-06-05T09:30:00',
			'Asia/Kolkata',
			'2026-06-05T09:30:00+05:30',
		],
		[
			'a picker value in a timezone behind UTC',
			'2026-01-15T00:00:00',
			'America/New_York',
			'2026-01-15T00:00:00-05:00',
		],
		[
			'a timestamp with an offset, kept as it is',
			'2026-06-05T09:30:00+02:00',
			'Asia/Kolkata',
			'2026-06-05T09:30:00+02:00',
		],
		['a UTC timestamp', '2026-06-05T04:00:00Z', 'Asia/Kolkata', '2026-06-05T04:00:00Z'],
		['a timestamp with milliseconds', '2026-06-05T09:30:00.250', 'UTC', '2026-06-05T09:30:00.250Z'],
	])('keeps %s', (_, input, timezone, expected) => {
		expect(toOsviDate(input, timezone)).toEqual({ ok: true, value: expected });
	});

	test('turns a luxon DateTime from an expression into ISO with its offset', () => {
		const value = DateTime.fromISO('2026-06-05T09:30:00', { zone: 'Asia/Kolkata' });
		expect(toOsviDate(value, 'UTC')).toEqual({ ok: true, value: '2026-06-05T09:30:00+05:30' });
	});

	test('turns a JavaScript Date into an ISO timestamp of the same instant', () => {
		const result = toOsviDate(new Date(Date.UTC(2026, 5, 5, 4, 0, 0)), 'UTC');
		expect(result.ok && DateTime.fromISO(result.value).toMillis()).toBe(
			Date.UTC(2026, 5, 5, 4, 0, 0),
		);
	});

	test.each([
		[
			'words',
			'next tuesday',
			'"next tuesday" is not a date OSVI understands. Use 2026-06-05 or 2026-06-05T09:30:00',
		],
		['an impossible day', '2026-02-30', '"2026-02-30" is not a real calendar date'],
		['a number', 20260605, 'must be a date such as 2026-06-05 or a date and time'],
	])('rejects %s', (_, input, reason) => {
		expect(toOsviDate(input, 'UTC')).toEqual({ ok: false, reason });
	});
});
