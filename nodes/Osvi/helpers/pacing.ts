import { sleep } from 'n8n-workflow';

/** Spaces out the starts of concurrent tasks so that no two begin less than `intervalMs` apart. */
export function createPacer(intervalMs: number): () => Promise<void> {
	let nextStart = 0;
	return async () => {
		if (intervalMs <= 0) return;
		const now = Date.now();
		const start = Math.max(now, nextStart);
		nextStart = start + intervalMs;
		if (start > now) await sleep(start - now);
	};
}
