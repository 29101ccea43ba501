import type { Sandbox } from '../../sandbox/server';

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
