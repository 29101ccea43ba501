import { createRandom } from '../../../sandbox/core/random';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createRandom', () => {
	it('produces the same sequence for the same seed', () => {
		const first = createRandom(7);
		const second = createRandom(7);
		const draw = (random: ReturnType<typeof createRandom>) =>
			Array.from({ length: 20 }, () => random.next());
		expect(draw(first)).toEqual(draw(second));
	});

	it('produces a different sequence for a different seed', () => {
		expect(createRandom(7).next()).not.toBe(createRandom(8).next());
	});

	it('keeps floats in [0, 1) and integers within their inclusive bounds', () => {
		const random = createRandom(1);
		const floats = Array.from({ length: 1000 }, () => random.next());
		const ints = Array.from({ length: 1000 }, () => random.int(3, 5));
		expect(floats.every((value) => value >= 0 && value < 1)).toBe(true);
		expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
	});

	it('makes version 4 UUIDs', () => {
		const random = createRandom(99);
		const ids = Array.from({ length: 50 }, () => random.uuid());
		expect(ids.every((id) => UUID_V4.test(id))).toBe(true);
		expect(new Set(ids).size).toBe(50);
	});

	it('makes id strings from the URL-safe alphabet of the requested length', () => {
		const id = createRandom(3).idString(26);
		expect(id).toMatch(/^[A-Za-z0-9_-]{26}$/);
	});

	it('shuffles without losing or adding items', () => {
		const items = [1, 2, 3, 4, 5, 6];
		expect([...createRandom(5).shuffle(items)].sort()).toEqual(items);
	});

	it('never picks an entry whose weight is zero', () => {
		const random = createRandom(11);
		const picks = Array.from({ length: 200 }, () =>
			random.weighted([
				['a', 1],
				['b', 0],
			] as const),
		);
		expect(picks.every((pick) => pick === 'a')).toBe(true);
	});
});
