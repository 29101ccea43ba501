const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A small seeded pseudo-random source, so that every sandbox with the same seed holds the same data. */
export interface Random {
	/** A float in [0, 1). */
	next(): number;
	/** An integer in [min, max], both inclusive. */
	int(min: number, max: number): number;
	chance(probability: number): boolean;
	pick<T>(items: readonly T[]): T;
	weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T;
	shuffle<T>(items: readonly T[]): T[];
	uuid(): string;
	idString(length: number): string;
}

/** mulberry32: tiny, fast and good enough for test data (not for anything secret). */
export function createRandom(seed: number): Random {
	let stateWord = seed >>> 0;
	const next = () => {
		stateWord = (stateWord + 0x6d2b79f5) >>> 0;
		let mixed = stateWord;
		mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];

	return {
		next,
		int,
		pick,
		chance: (probability) => next() < probability,
		weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
			const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
			let roll = next() * total;
			for (const [value, weight] of entries) {
				roll -= weight;
				if (roll < 0) return value;
			}
			return entries[entries.length - 1][0];
		},
		shuffle<T>(items: readonly T[]): T[] {
			const copy = [...items];
			for (let index = copy.length - 1; index > 0; index--) {
				const other = int(0, index);
				[copy[index], copy[other]] = [copy[other], copy[index]];
			}
			return copy;
		},
		uuid() {
			const bytes = Array.from({ length: 16 }, () => int(0, 255));
			// RFC 4122 version 4 and variant bits, so the ids pass any UUID check a client makes.
			bytes[6] = (bytes[6] & 0x0f) | 0x40;
			bytes[8] = (bytes[8] & 0x3f) | 0x80;
			const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
			return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
		},
		idString(length) {
			return Array.from({ length }, () => pick([...ID_ALPHABET])).join('');
		},
	};
}
