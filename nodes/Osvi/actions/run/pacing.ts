import { pause } from '../../../shared/pause';

/**
 * Spaces out the starts of concurrent tasks so that no two begin less than `intervalMs` apart. A wait resolves
 * `false` at once when `signal` aborts, so that a stopped run starts nothing more.
 */
export function createPacer(intervalMs: number, signal?: AbortSignal): () => Promise<boolean> {
	let nextStart = 0;
	return async () => {
		if (signal?.aborted) return false;
		if (intervalMs <= 0) return true;
		const now = Date.now();
		const start = Math.max(now, nextStart);
		nextStart = start + intervalMs;
		return start <= now || (await pause(start - now, signal));
	};
}
