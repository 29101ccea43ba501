import type { OsviCall } from '../../../../../nodes/shared/interfaces';
import { pairListedCalls, pollGapMs } from '../../../../../nodes/Osvi/actions/call/waiting';

describe('pollGapMs', () => {
	test('checks at the poll interval, ±10%, for the first five checks', () => {
		for (const checks of [0, 1, 2, 3, 4]) {
			expect(pollGapMs(15_000, checks, () => 0)).toBe(13_500);
			expect(pollGapMs(15_000, checks, () => 0.5)).toBe(15_000);
			expect(pollGapMs(15_000, checks, () => 1)).toBe(16_500);
		}
	});

	test('slows checks of a long call down by a tenth per check, to two intervals at most', () => {
		const gaps = [5, 6, 7, 11, 12, 50].map((checks) =>
			Math.round(pollGapMs(10_000, checks, () => 0.5)),
		);
		expect(gaps).toEqual([11_000, 12_100, 13_310, 19_487, 20_000, 20_000]);
	});
});

describe('pairListedCalls', () => {
	const at = (iso: string) => Date.parse(iso);
	const listed = (callId: string, createdAt: string): OsviCall => ({
		call_id: callId,
		status: 'in_progress',
		created_at: createdAt,
	});
	const placed = (callId: string, sentAt: string, answeredAfterMs = 300) => ({
		callId,
		sentAtMs: at(sentAt),
		answeredAtMs: at(sentAt) + answeredAfterMs,
	});

	test('pairs a call with the listed call that has the ID call creation answered', () => {
		const calls = [
			listed('uuid-a', '2026-06-12T09:30:00+05:30'),
			listed('uuid-b', '2026-06-12T09:30:01+05:30'),
		];
		expect(pairListedCalls([placed('uuid-b', '2026-06-12T04:00:00.100Z')], calls)).toEqual([
			calls[1],
		]);
	});

	test('pairs calls placed in the same second in the order they were placed, whatever the order given', () => {
		// OSVI stamps to the second: the later call may carry the stamp nearer to the earlier placing.
		const calls = [
			listed('uuid-2', '2026-06-12T09:30:01+05:30'),
			listed('uuid-1', '2026-06-12T09:30:00+05:30'),
		];
		const first = placed('call_first', '2026-06-12T04:00:00.700Z');
		const second = placed('call_second', '2026-06-12T04:00:00.800Z');
		expect(pairListedCalls([second, first], calls)).toEqual([calls[0], calls[1]]);
	});

	test('of more calls to the number than placings, takes the one started closest to the placing', () => {
		const calls = [
			listed('earlier-run', '2026-06-12T09:29:20+05:30'),
			listed('this-run', '2026-06-12T09:30:00+05:30'),
			listed('later', '2026-06-12T09:30:50+05:30'),
		];
		expect(pairListedCalls([placed('call_x', '2026-06-12T04:00:00.200Z')], calls)).toEqual([
			calls[1],
		]);
	});

	test('pairs nothing with a call that started more than a minute away from the placing', () => {
		const calls = [
			listed('old', '2026-06-12T09:28:59+05:30'),
			listed('future', '2026-06-12T09:31:02+05:30'),
		];
		expect(pairListedCalls([placed('call_x', '2026-06-12T04:00:00.000Z', 1000)], calls)).toEqual([
			undefined,
		]);
	});

	test('pairs the earliest placings when fewer calls are listed than were placed', () => {
		const calls = [listed('uuid-1', '2026-06-12T09:30:00+05:30')];
		const first = placed('call_first', '2026-06-12T04:00:00.100Z');
		const second = placed('call_second', '2026-06-12T04:00:00.500Z');
		expect(pairListedCalls([second, first], calls)).toEqual([undefined, calls[0]]);
	});
});
