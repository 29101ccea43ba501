import { formatIst, parseDateBound } from '../../../sandbox/core/time';

describe('formatIst', () => {
	it('writes an instant in IST with the +05:30 offset and whole seconds', () => {
		expect(formatIst(Date.parse('2026-06-12T04:00:00.750Z'))).toBe('2026-06-12T09:30:00+05:30');
	});

	it('moves an instant late in the UTC day onto the next IST day', () => {
		expect(formatIst(Date.parse('2026-06-30T19:00:00Z'))).toBe('2026-07-01T00:30:00+05:30');
	});
});

describe('parseDateBound', () => {
	it('reads a plain date as the start of that day in IST for a lower bound', () => {
		expect(parseDateBound('2026-06-05', 'start')).toEqual({
			ok: true,
			epochMs: Date.parse('2026-06-05T00:00:00+05:30'),
		});
	});

	it('reads a plain date as the last millisecond of that day in IST for an upper bound', () => {
		expect(parseDateBound('2026-06-05', 'end')).toEqual({
			ok: true,
			epochMs: Date.parse('2026-06-05T23:59:59.999+05:30'),
		});
	});

	it.each([
		['2026-06-05T10:15:00Z'],
		['2026-06-05T10:15:00+05:30'],
		['2026-06-05T10:15:00-04:00'],
		['2026-06-05T10:15:00.123+0530'],
		['2026-06-05T10:15Z'],
	])('reads the timestamp %s as the instant it names', (value) => {
		const expected = Date.parse(value.replace('+0530', '+05:30'));
		expect(parseDateBound(value, 'start')).toEqual({ ok: true, epochMs: expected });
		expect(parseDateBound(value, 'end')).toEqual({ ok: true, epochMs: expected });
	});

	it('refuses a timestamp without an offset', () => {
		expect(parseDateBound('2026-06-05T10:15:00', 'start')).toEqual({
			ok: false,
			reason: 'missingOffset',
		});
	});

	it.each([
		['2026-02-30'],
		['2026-13-01'],
		['05/06/2026'],
		['yesterday'],
		['2026-06-05T25:00:00Z'],
	])('refuses %s as invalid', (value) => {
		expect(parseDateBound(value, 'start')).toEqual({ ok: false, reason: 'invalid' });
	});
});
