import { sleep } from 'n8n-workflow';

/**
 * Waits `ms`, or less when `signal` aborts first (a stopped execution, a failed call): resolves whether the whole
 * time passed. Never throws.
 */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
	if (signal?.aborted) return false;
	if (!signal) {
		await sleep(ms);
		return true;
	}
	let onAbort = () => {};
	const aborted = new Promise<boolean>((resolve) => {
		onAbort = () => resolve(false);
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		// n8n 2.x's sleep takes the signal and clears its timer; n8n 1.x's ignores it, so the race ends the wait there.
		return await Promise.race([
			sleep(ms, signal).then(
				() => true,
				() => false,
			),
			aborted,
		]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}
