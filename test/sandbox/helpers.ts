import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

/** The fields of one call in `GET /v1/calls`, in the order OSVI's docs list them (docs/osvi-api.md, 3.2). */
export const LIST_CALL_FIELDS = [
	'call_id',
	'agent_uuid',
	'agent_name',
	'phone_number',
	'from_number',
	'status',
	'call_type',
	'duration_seconds',
	'call_ended_by',
	'call_ended_reason',
	'campaign_id',
	'campaign_upload_id',
	'tag',
	'created_at',
	'call_picked_at',
];

export interface ApiResponse {
	status: number;
	headers: Headers;
	text: string;
	json: unknown;
}

/** One request to the sandbox with its token unless `token` says otherwise (null: no API-Token header). */
export async function callApi(
	sandbox: Sandbox,
	path: string,
	init: { method?: string; body?: unknown; rawBody?: string; token?: string | null } = {},
): Promise<ApiResponse> {
	const headers: Record<string, string> = {};
	const token = init.token === undefined ? sandbox.token : init.token;
	if (token !== null) headers['API-Token'] = token;
	let body: string | undefined = init.rawBody;
	if (init.body !== undefined) body = JSON.stringify(init.body);
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	const response = await fetch(`${sandbox.url}${path}`, {
		method: init.method ?? 'GET',
		headers,
		body,
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, headers: response.headers, text, json };
}

export function query(params: Record<string, string | number>): string {
	const pairs = Object.entries(params).map(([name, value]): [string, string] => [
		name,
		String(value),
	]);
	return `?${new URLSearchParams(pairs)}`;
}

/** One request to the sandbox's control API (`/__sandbox/<path>`), which needs no token. */
export async function callControl(sandbox: Sandbox, method: string, path: string, body?: unknown) {
	const response = await fetch(`${sandbox.url}/__sandbox/${path}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return { status: response.status, json: (await response.json()) as unknown };
}

/**
 * One sandbox for the whole test file: started before all tests, reset after each, closed after all.
 * `sandbox()` is the running sandbox (inside hooks and tests only); `api` and `control` call it.
 */
export function useSandbox(options: SandboxOptions = {}) {
	let running: Sandbox | undefined;

	beforeAll(async () => {
		running = await startSandbox(options);
	});
	afterEach(() => running?.reset());
	afterAll(async () => {
		await running?.close();
	});

	const sandbox = (): Sandbox => {
		if (!running)
			throw new Error('The sandbox starts in beforeAll; use sandbox() inside hooks and tests');
		return running;
	};
	const api = async (path: string, init?: Parameters<typeof callApi>[2]) =>
		await callApi(sandbox(), path, init);
	const control = async (method: string, path: string, body?: unknown) =>
		await callControl(sandbox(), method, path, body);
	return { sandbox, api, control };
}
