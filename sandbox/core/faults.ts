import { z } from 'zod';

const timesSchema = z
	.union([z.number(), z.literal('Infinity')])
	.transform((value) => (value === 'Infinity' ? Infinity : value))
	.refine((value) => value === Infinity || (Number.isInteger(value) && value >= 1), {
		message: 'times must be a positive integer or Infinity',
	});

const matchShape = {
	method: z.string().min(1).optional(),
	path: z.string().startsWith('/').optional(),
	times: timesSchema.optional(),
	target: z.enum(['api', 'storage']).optional(),
};

const jsonObject = z.record(z.unknown());
const keyList = z.array(z.string().min(1));

const faultKinds = z.discriminatedUnion('kind', [
	z
		.object({
			...matchShape,
			kind: z.literal('status'),
			status: z.number().int().min(200).max(599),
			retryAfterSeconds: z.number().int().min(0).optional(),
			body: z.unknown().optional(),
		})
		.strict(),
	z.object({ ...matchShape, kind: z.literal('drop') }).strict(),
	z.object({ ...matchShape, kind: z.literal('delay'), ms: z.number().int().min(0) }).strict(),
	z
		.object({ ...matchShape, kind: z.literal('successFalse'), message: z.string().optional() })
		.strict(),
	z.object({ ...matchShape, kind: z.literal('malformedJson') }).strict(),
	z
		.object({
			...matchShape,
			kind: z.literal('redirect'),
			status: z
				.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)])
				.optional(),
			location: z.string().min(1).optional(),
		})
		.strict(),
	z
		.object({
			...matchShape,
			kind: z.literal('meta'),
			set: jsonObject.optional(),
			remove: keyList.optional(),
			stringify: keyList.optional(),
			removeMeta: z.boolean().optional(),
		})
		.strict(),
	z
		.object({
			...matchShape,
			kind: z.literal('body'),
			status: z.number().int().min(200).max(299).optional(),
			body: z.unknown().optional(),
			set: jsonObject.optional(),
			remove: keyList.optional(),
		})
		.strict(),
	z
		.object({
			...matchShape,
			kind: z.literal('echoHeaders'),
			status: z.number().int().min(400).max(599).optional(),
		})
		.strict(),
]);

// meta and body faults change what the API answered; the storage server answers no JSON to change.
const faultSchema = faultKinds.superRefine((fault, context) => {
	if (fault.target === 'storage' && (fault.kind === 'meta' || fault.kind === 'body')) {
		context.addIssue({
			code: z.ZodIssueCode.custom,
			path: ['target'],
			message: `a ${fault.kind} fault applies to API answers only`,
		});
	}
});

/**
 * A misbehaviour the sandbox shows for matching requests. `method` matches case-insensitively; `path` matches
 * the request path exactly, or as a prefix when it ends with `*` (`/v1/call*` covers `/v1/call/{id}` and
 * `/v1/calls`); leaving either out matches every request. `target` is `api` (default) or `storage` (the recording
 * server). `times` (default 1, `Infinity` allowed; `"Infinity"` in JSON) is how many requests it affects. Faults
 * are tried in the order they were added.
 *
 * `status`, `drop`, `delay`, `successFalse`, `malformedJson`, `redirect` and `echoHeaders` answer before the API
 * sees the request (nothing is placed); `delay` then lets it through; `meta` and `body` let the API answer (a call
 * is placed) and change that answer when it is a 2xx JSON object (`meta`: only when it has a `meta`).
 * - `redirect`: `status` 301/302/303/307/308 (default 302) with a `Location` of `location`, by default the same
 *   path and query on the other server (the storage server for API requests), whose request log then shows
 *   whether a client followed it and with which headers.
 * - `meta`: `set` overwrites keys of `meta` with any JSON (`{"total_pages": 3000}`), `remove` deletes keys,
 *   `stringify` turns the true values into strings (`"2"`), `removeMeta` drops `meta` altogether; `data` stays true.
 * - `body`: `body` replaces the whole answer (`{"success":true}`, `[]`); `set` / `remove` change top-level keys of
 *   the answer (or of `body`), e.g. `{"set":{"data":"abc"}}` or `{"remove":["data"]}`; `status` another 2xx.
 * - `echoHeaders`: `status` (default 400) with an OSVI-style error whose `error` text and `details` repeat the
 *   request's headers, API token included.
 */
export type Fault = z.input<typeof faultSchema>;

export interface ActiveFault {
	fault: Fault;
	remaining: number;
}

/** An answer as the API gave it, before the shell serializes its JSON body. */
export interface JsonAnswer {
	status: number;
	headers: Record<string, string>;
	body: unknown;
}

export type FaultOutcome =
	| { action: 'respond'; status: number; headers: Record<string, string>; rawBody: string }
	| { action: 'drop' }
	| { action: 'delay'; ms: number }
	| { action: 'rewrite'; rewrite: (answer: JsonAnswer) => JsonAnswer };

export type FaultTarget = 'api' | 'storage';

/** What some faults need of the request and of the servers: redirect targets and echoed headers. */
export interface FaultContext {
	target: FaultTarget;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	/** Origins without a trailing slash; a redirect goes to the other one by default. */
	apiUrl: string;
	storageUrl: string;
}

export type ParsedFaults = { ok: true; faults: ActiveFault[] } | { ok: false; error: string };

/** Validates one fault or an array of faults, as given to `addFault` or `POST /__sandbox/faults`. */
export function parseFaults(input: unknown): ParsedFaults {
	const result = z.array(faultSchema).safeParse(Array.isArray(input) ? input : [input]);
	if (!result.success) {
		const issue = result.error.issues[0];
		// A single fault was wrapped in an array above: do not show that index to the caller.
		const path = Array.isArray(input) ? issue.path : issue.path.slice(1);
		return { ok: false, error: `Invalid fault at ${path.join('.') || 'root'}: ${issue.message}` };
	}
	return {
		ok: true,
		faults: result.data.map((fault) => ({ fault, remaining: fault.times ?? 1 })),
	};
}

const withoutTrailingSlash = (path: string) => (path.length > 1 ? path.replace(/\/$/, '') : path);

function pathMatches(pattern: string | undefined, path: string): boolean {
	if (pattern === undefined) return true;
	if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
	return withoutTrailingSlash(pattern) === withoutTrailingSlash(path);
}

/** Finds the first fault for this request, uses up one of its `times`, and drops it once spent. */
export function takeFault(
	faults: ActiveFault[],
	method: string,
	path: string,
	target: FaultTarget = 'api',
): Fault | null {
	const index = faults.findIndex(
		({ fault, remaining }) =>
			remaining > 0 &&
			(fault.target ?? 'api') === target &&
			(fault.method === undefined || fault.method.toUpperCase() === method.toUpperCase()) &&
			pathMatches(fault.path, path),
	);
	if (index === -1) return null;
	const active = faults[index];
	active.remaining -= 1;
	if (active.remaining <= 0) faults.splice(index, 1);
	return active.fault;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function changeKeys(
	value: unknown,
	set: Record<string, unknown> | undefined,
	remove: string[] | undefined,
): unknown {
	if (!isJsonObject(value)) return value;
	const changed = { ...value };
	for (const key of remove ?? []) delete changed[key];
	return { ...changed, ...structuredClone(set ?? {}) };
}

const isSuccess = (answer: JsonAnswer) => answer.status >= 200 && answer.status < 300;

function rewriteMeta(fault: Extract<Fault, { kind: 'meta' }>, answer: JsonAnswer): JsonAnswer {
	if (!isSuccess(answer) || !isJsonObject(answer.body) || !isJsonObject(answer.body.meta)) {
		return answer;
	}
	const { meta, ...rest } = answer.body;
	if (fault.removeMeta) return { ...answer, body: rest };
	const stringified = Object.fromEntries(
		Object.entries(meta).map(([key, value]) => [
			key,
			fault.stringify?.includes(key) ? String(value) : value,
		]),
	);
	return { ...answer, body: { ...rest, meta: changeKeys(stringified, fault.set, fault.remove) } };
}

function rewriteBody(fault: Extract<Fault, { kind: 'body' }>, answer: JsonAnswer): JsonAnswer {
	if (!isSuccess(answer)) return answer;
	const base = 'body' in fault ? structuredClone(fault.body) : answer.body;
	return {
		...answer,
		status: fault.status ?? answer.status,
		body: changeKeys(base, fault.set, fault.remove),
	};
}

function redirectLocation(context: FaultContext): string {
	const origin = context.target === 'api' ? context.storageUrl : context.apiUrl;
	const search = new URLSearchParams(context.query).toString();
	return `${origin}${context.path}${search ? `?${search}` : ''}`;
}

const NO_CONTEXT: FaultContext = {
	target: 'api',
	path: '/',
	query: {},
	headers: {},
	apiUrl: '',
	storageUrl: '',
};

export function faultOutcome(fault: Fault, context: FaultContext = NO_CONTEXT): FaultOutcome {
	switch (fault.kind) {
		case 'drop':
			return { action: 'drop' };
		case 'delay':
			return { action: 'delay', ms: fault.ms };
		case 'malformedJson':
			return {
				action: 'respond',
				status: 200,
				headers: JSON_HEADERS,
				rawBody: '{"success":true,"data":{"call_id":"',
			};
		case 'successFalse':
			return {
				action: 'respond',
				status: 200,
				headers: JSON_HEADERS,
				rawBody: JSON.stringify({ success: false, error: fault.message ?? 'Something went wrong' }),
			};
		case 'status': {
			const headers: Record<string, string> = { ...JSON_HEADERS };
			if (fault.retryAfterSeconds !== undefined) {
				headers['retry-after'] = String(fault.retryAfterSeconds);
			}
			const body =
				fault.body === undefined
					? { success: false, error: `Sandbox fault: HTTP ${fault.status}` }
					: fault.body;
			return { action: 'respond', status: fault.status, headers, rawBody: JSON.stringify(body) };
		}
		case 'redirect': {
			const location = fault.location ?? redirectLocation(context);
			return {
				action: 'respond',
				status: fault.status ?? 302,
				headers: { 'content-type': 'text/html; charset=utf-8', location },
				rawBody: `<html><body>You are being <a href="${location.replace(/"/g, '&quot;')}">redirected</a>.</body></html>`,
			};
		}
		case 'echoHeaders':
			return {
				action: 'respond',
				status: fault.status ?? 400,
				headers: JSON_HEADERS,
				rawBody: JSON.stringify({
					success: false,
					error: `Request rejected. Headers received: ${JSON.stringify(context.headers)}`,
					details: { path: context.path, headers: context.headers },
				}),
			};
		case 'meta':
			return { action: 'rewrite', rewrite: (answer) => rewriteMeta(fault, answer) };
		case 'body':
			return { action: 'rewrite', rewrite: (answer) => rewriteBody(fault, answer) };
	}
}
