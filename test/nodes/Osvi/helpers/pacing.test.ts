import { createPacer } from '../../../../nodes/Osvi/helpers/pacing';

describe('createPacer', () => {
	test('spaces out starts by the interval', async () => {
		const pace = createPacer(40);
		const starts: number[] = [];
		for (let i = 0; i < 4; i++) {
			await pace();
			starts.push(Date.now());
		}
		const gaps = starts.slice(1).map((start, i) => start - starts[i]);
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(38);
	});

	test('lets concurrent callers through one interval apart', async () => {
		const pace = createPacer(30);
		const begin = Date.now();
		const starts = await Promise.all([0, 1, 2].map(async () => (await pace(), Date.now() - begin)));
		const sorted = [...starts].sort((a, b) => a - b);
		expect(sorted[0]).toBeLessThan(25);
		expect(sorted[1]).toBeGreaterThanOrEqual(28);
		expect(sorted[2]).toBeGreaterThanOrEqual(58);
	});

	test('does not wait at all without an interval', async () => {
		const pace = createPacer(0);
		const begin = Date.now();
		for (let i = 0; i < 100; i++) await pace();
		expect(Date.now() - begin).toBeLessThan(20);
	});
});
