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
};

const faultSchema = z.discriminatedUnion('kind', [
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
]);

/**
 * A misbehaviour the sandbox shows for matching API requests. `method` matches case-insensitively; `path` matches
 * the request path exactly, or as a prefix when it ends with `*` (`/v1/call*` covers `/v1/call/{id}` and
 * `/v1/calls`); leaving either out matches every request. `times` (default 1, `Infinity` allowed; `"Infinity"` in
 * JSON) is how many requests it affects. Faults are tried in the order they were added.
 */
export type Fault = z.input<typeof faultSchema>;

export interface ActiveFault {
	fault: Fault;
	remaining: number;
}

export type FaultOutcome =
	| { action: 'respond'; status: number; headers: Record<string, string>; rawBody: string }
	| { action: 'drop' }
	| { action: 'delay'; ms: number };

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
export function takeFault(faults: ActiveFault[], method: string, path: string): Fault | null {
	const index = faults.findIndex(
		({ fault, remaining }) =>
			remaining > 0 &&
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

export function faultOutcome(fault: Fault): FaultOutcome {
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
	}
}
