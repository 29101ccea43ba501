import { sleep } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../nodes/shared/concurrency';

describe('mapWithConcurrency', () => {
	test('returns results in input order even when later tasks finish first', async () => {
		const delays = [30, 5, 20, 1, 10];
		const results = await mapWithConcurrency(delays, 3, async (delay, index) => {
			await sleep(delay);
			return `${index}:${delay}`;
		});
		expect(results).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10']);
	});

	test('never runs more tasks at once than the limit', async () => {
		let running = 0;
		let mostAtOnce = 0;
		await mapWithConcurrency(
			Array.from({ length: 12 }, (_, i) => i),
			4,
			async () => {
				running++;
				mostAtOnce = Math.max(mostAtOnce, running);
				await sleep(5);
				running--;
			},
		);
		expect(mostAtOnce).toBe(4);
	});

	test('starts no new task after one fails, and throws that failure', async () => {
		const started: number[] = [];
		const run = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (value) => {
			started.push(value);
			await sleep(value === 1 ? 1 : 10);
			if (value === 1) throw new Error('item 1 failed');
			return value;
		});
		await expect(run).rejects.toThrow('item 1 failed');
		expect(started).toEqual([0, 1]);
	});

	test('handles an empty input', async () => {
		expect(await mapWithConcurrency([], 5, async () => 1)).toEqual([]);
	});
});
