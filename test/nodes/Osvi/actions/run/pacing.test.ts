import { createPacer } from '../../../../../nodes/Osvi/actions/run/pacing';

// Timers may fire a millisecond or two early by the wall clock; the pacer's promise is about spacing, not precision.
const timerSlackMs = 3;

describe('createPacer', () => {
	test('lets the k-th caller start no earlier than k intervals after the first', async () => {
		const pace = createPacer(40);
		const begin = Date.now();
		const offsets: number[] = [];
		for (let i = 0; i < 4; i++) {
			await pace();
			offsets.push(Date.now() - begin);
		}
		expect(offsets[0]).toBeLessThan(20);
		offsets.forEach((offset, k) => expect(offset).toBeGreaterThanOrEqual(k * 40 - timerSlackMs));
	});

	test('spaces out concurrent callers one interval apart', async () => {
		const pace = createPacer(30);
		const begin = Date.now();
		const offsets = await Promise.all(
			[0, 1, 2].map(async () => {
				await pace();
				return Date.now() - begin;
			}),
		);
		const sorted = [...offsets].sort((a, b) => a - b);
		expect(sorted[0]).toBeLessThan(20);
		expect(sorted[1]).toBeGreaterThanOrEqual(30 - timerSlackMs);
		expect(sorted[2]).toBeGreaterThanOrEqual(60 - timerSlackMs);
	});

	test('does not wait at all without an interval', async () => {
		const pace = createPacer(0);
		const begin = Date.now();
		for (let i = 0; i < 100; i++) await pace();
		expect(Date.now() - begin).toBeLessThan(20);
	});
});
