import { createSandboxState, DEFAULT_SEED } from '../../../sandbox/core';
import type { SandboxRequest, SandboxState, SandboxStateOptions } from '../../../sandbox/core';

export const TEST_TOKEN = 'test-token';

/** A sandbox store whose clock stands still at `nowIso` (a day after the seeded reference date by default). */
export function makeState(
	overrides: Partial<SandboxStateOptions> & { nowIso?: string } = {},
): SandboxState {
	const { nowIso = '2026-07-01T10:00:00+05:30', ...options } = overrides;
	return createSandboxState({
		token: TEST_TOKEN,
		seed: DEFAULT_SEED,
		callCount: 300,
		callDurationMs: 200,
		now: () => Date.parse(nowIso),
		...options,
	});
}

export function makeRequest(
	method: string,
	path: string,
	options: {
		query?: Record<string, string>;
		body?: unknown;
		rawBody?: string;
		token?: string | null;
	} = {},
): SandboxRequest {
	const rawBody =
		options.rawBody ?? (options.body === undefined ? '' : JSON.stringify(options.body));
	const token = options.token === undefined ? TEST_TOKEN : options.token;
	return {
		method,
		path,
		query: options.query ?? {},
		headers: token === null ? {} : { 'api-token': token },
		body: options.body,
		rawBody,
	};
}
