/**
 * Runs `task` over `inputs` with at most `limit` running at once and returns the results in input order.
 * After a failure no new task starts (a task may place a phone call); the first failure is thrown once
 * the tasks already running have settled.
 */
export async function mapWithConcurrency<T, R>(
	inputs: readonly T[],
	limit: number,
	task: (input: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	let next = 0;
	let failure: { error: unknown } | undefined;
	async function worker() {
		while (next < inputs.length && !failure) {
			const index = next++;
			try {
				results[index] = await task(inputs[index], index);
			} catch (error) {
				failure ??= { error };
			}
		}
	}
	const workerCount = Math.max(1, Math.min(limit, inputs.length));
	await Promise.all(Array.from({ length: workerCount }, worker));
	if (failure) throw failure.error;
	return results;
}
