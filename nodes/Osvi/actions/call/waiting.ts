import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../shared/concurrency';
import type { OsviCall, OsviCallDetail } from '../../../shared/interfaces';
import { pause } from '../../../shared/pause';
import { osviRequest } from '../../../shared/transport';
import { settle } from '../run/items';
import type { NodeError, Outcome } from '../run/items';
import { readCall } from './get.operation';
import { readTranscript } from './getTranscript.operation';

/** How long to wait for one call, and what to read once it has ended. */
export interface WaitSettings {
	maxWaitMs: number;
	pollIntervalMs: number;
	includeTranscript: boolean;
}

/** When a call-placing request was sent and when OSVI answered it (this machine's clock). */
export interface PlacedAt {
	sentAtMs: number;
	answeredAtMs: number;
}

/** A placed call to wait for: what call creation answered, and what was sent to place it. */
export interface PlacedCallToWait extends PlacedAt {
	itemIndex: number;
	/** The `call_id` call creation answered. */
	callId: string;
	agentId: string;
	/** National digits, as sent. */
	phoneNumber: string;
	settings: WaitSettings;
}

export interface CallOutcome {
	details: OsviCallDetail;
	timedOut: boolean;
	transcript?: IDataObject[];
}

// Reads are independent and OSVI documents no rate limit; a few at a time keeps a thousand calls from crowding it.
const readConcurrency = 10;
// OSVI may not show a call at its own route right after accepting it.
const notFoundGraceMs = 120_000;
// The summary and captured data of an answered call may arrive a little after the call ends.
const analysisGraceMs = 30_000;
const analysisRetryMs = 5_000;
// Checks of a long call slow down after the first few, to at most one every `maxSlowdown` poll intervals.
const steadyChecks = 4;
const slowdownPerCheck = 1.1;
const maxSlowdown = 2;
const maxFailureBackoff = 4;
// OSVI stamps a call with its own clock, to the second; this machine's clock may differ a little.
const clockSkewMs = 60_000;
const lookupPageSize = 20;

/**
 * The wait before the next check of a call in progress: the poll interval for the first checks, then gradually
 * up to `maxSlowdown` intervals, with ±10% jitter so that calls placed together are not read in lockstep.
 */
export function pollGapMs(
	pollIntervalMs: number,
	checksSoFar: number,
	random = Math.random,
): number {
	const slowdown = Math.min(
		maxSlowdown,
		slowdownPerCheck ** Math.max(0, checksSoFar - steadyChecks),
	);
	return pollIntervalMs * slowdown * (0.9 + 0.2 * random());
}

function startedAtMs(call: OsviCall): number {
	return typeof call.created_at === 'string' ? Date.parse(call.created_at) : Number.NaN;
}

function startedNear(placed: PlacedAt, call: OsviCall): boolean {
	const started = startedAtMs(call);
	return started >= placed.sentAtMs - clockSkewMs && started <= placed.answeredAtMs + clockSkewMs;
}

/**
 * Pairs calls placed to one number by one agent with calls List calls shows for them that no other item owns.
 * A listed call with the very ID call creation answered is that call's. For the others: calls of one run start in
 * the order they were placed (OSVI stamps them to the second, so nearness alone cannot tell two calls placed in
 * the same second apart), so listed calls that started near the placings are taken in that order; of more such
 * calls than placings, the run of them that started closest to the placings. A placed call is paired only with a
 * call that started near its own placing. The result follows `placed`'s order.
 */
export function pairListedCalls(
	placed: Array<PlacedAt & { callId: string }>,
	listed: OsviCall[],
): Array<OsviCall | undefined> {
	const pairs = placed.map((placing) => listed.find((call) => call.call_id === placing.callId));
	const order = placed
		.map((_, index) => index)
		.filter((index) => pairs[index] === undefined)
		.sort((a, b) => placed[a].sentAtMs - placed[b].sentAtMs);
	const candidates = listed
		.filter((call) => !pairs.includes(call))
		.filter((call) => order.some((index) => startedNear(placed[index], call)))
		.sort((a, b) => startedAtMs(a) - startedAtMs(b));
	const middleOf = (index: number) => (placed[index].sentAtMs + placed[index].answeredAtMs) / 2;
	let first = 0;
	let best = Infinity;
	for (let start = 0; start + order.length <= candidates.length; start++) {
		const cost = order.reduce(
			(sum, index, rank) => sum + Math.abs(startedAtMs(candidates[start + rank]) - middleOf(index)),
			0,
		);
		if (cost < best) [best, first] = [cost, start];
	}
	order.forEach((index, rank) => {
		const candidate = candidates[first + rank];
		if (candidate && startedNear(placed[index], candidate)) pairs[index] = candidate;
	});
	return pairs;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const digitsOf = (value: unknown) => (typeof value === 'string' ? value.replace(/\D/g, '') : '');

function hasText(value: unknown): boolean {
	return typeof value === 'string' && value.trim() !== '';
}

/** A call somebody (or a voicemail) answered gets a summary; the other outcomes have none to wait for. */
function awaitsAnalysis(details: OsviCallDetail): boolean {
	return (
		(details.status === 'picked' || details.status === 'voicemail') && !hasText(details.summary)
	);
}

function isNotFound(error: NodeError): boolean {
	return error instanceof NodeApiError && error.httpCode === '404';
}

/** No answer, 429 or 5xx after the transport's own retries: the call's state is unknown for now, not failed. */
function mayPass(error: NodeError): boolean {
	if (!(error instanceof NodeApiError)) return false;
	if (error.httpCode === null || error.httpCode === undefined) return true;
	const status = Number(error.httpCode);
	return status === 429 || status >= 500;
}

function withPlacedNote(error: NodeError, call: PlacedCallToWait): NodeError {
	const note = `The call of item ${call.itemIndex} was placed (call_id ${call.callId}): do not run this item again; look its outcome up with Get call or List calls.`;
	error.description = error.description ? `${error.description} ${note}` : note;
	return error;
}

const numberKey = (watch: Watch) => `${watch.call.agentId} ${watch.call.phoneNumber}`;

interface Watch {
	call: PlacedCallToWait;
	deadlineMs: number;
	/** The ID to read the call by; undefined while it is to be looked for in List calls. */
	readId?: string;
	/** Whether `readId` is known to name this call (it was read by it, or found in the list). */
	found: boolean;
	checks: number;
	failures: number;
	dueAtMs: number;
	endSeenAtMs?: number;
	outcome?: Outcome<CallOutcome>;
}

class CallWaiter {
	readonly watches: Watch[];

	/** IDs of calls known to be some item's: the list never offers them to another. */
	private readonly claimed: Set<string>;

	constructor(
		private readonly context: IExecuteFunctions,
		calls: PlacedCallToWait[],
	) {
		this.watches = calls.map((call) => {
			const deadlineMs = call.answeredAtMs + call.settings.maxWaitMs;
			const firstCheckMs = call.answeredAtMs + pollGapMs(call.settings.pollIntervalMs, 0);
			return {
				call,
				deadlineMs,
				readId: call.callId,
				found: false,
				checks: 0,
				failures: 0,
				dueAtMs: Math.min(firstCheckMs, deadlineMs),
			};
		});
		this.claimed = new Set();
	}

	/** Checks every due call, a few requests at a time: one List calls request per number still to be found. */
	async checkDue(due: Watch[]): Promise<void> {
		const tasks: Array<() => Promise<void>> = [];
		const lookups = new Map<string, Watch[]>();
		for (const watch of due) {
			if (watch.readId !== undefined) {
				tasks.push(async () => await this.read(watch));
				continue;
			}
			const key = numberKey(watch);
			lookups.set(key, [...(lookups.get(key) ?? []), watch]);
		}
		for (const group of lookups.values()) tasks.push(async () => await this.lookUp(group));
		await mapWithConcurrency(tasks, readConcurrency, async (task) => await task());
	}

	/** A failure that may pass is retried later (until Max Wait); any other becomes the call's outcome. */
	private failed(watch: Watch, failure: NodeError, nowMs: number): void {
		if (mayPass(failure) && nowMs < watch.deadlineMs) {
			watch.failures += 1;
			const backoff = Math.min(maxFailureBackoff, 2 ** watch.failures);
			this.dueIn(
				watch,
				nowMs,
				pollGapMs(watch.call.settings.pollIntervalMs, watch.checks) * backoff,
			);
		} else {
			watch.outcome = { ok: false, error: withPlacedNote(failure, watch.call) };
		}
	}

	private dueIn(watch: Watch, nowMs: number, gapMs: number): void {
		watch.dueAtMs = Math.min(nowMs + gapMs, watch.deadlineMs);
	}

	private nextCheck(watch: Watch, nowMs: number): void {
		watch.checks += 1;
		this.dueIn(watch, nowMs, pollGapMs(watch.call.settings.pollIntervalMs, watch.checks));
	}

	private async read(watch: Watch): Promise<void> {
		const { call } = watch;
		const readId = watch.readId ?? call.callId;
		const nowMs = Date.now();
		const read = await settle(
			this.context.getNode(),
			call.itemIndex,
			async () => await readCall(this.context, readId, call.itemIndex),
		);
		if (!read.ok) {
			if (!isNotFound(read.error)) return this.failed(watch, read.error, nowMs);
			// OSVI's create examples answer IDs like call_abc123xyz, which its call route does not take.
			const unreadable = !uuid.test(readId) || nowMs - call.answeredAtMs >= notFoundGraceMs;
			if (readId === call.callId && unreadable) {
				watch.readId = undefined;
				watch.dueAtMs = nowMs;
				return;
			}
			return this.notFoundYet(watch, nowMs);
		}
		watch.failures = 0;
		watch.found = true;
		this.claimed.add(readId);
		const details = read.value;
		if (details.status === 'in_progress') {
			if (nowMs >= watch.deadlineMs) return await this.settle(watch, details, true);
			return this.nextCheck(watch, nowMs);
		}
		if (awaitsAnalysis(details)) {
			watch.endSeenAtMs ??= nowMs;
			if (nowMs < watch.endSeenAtMs + analysisGraceMs && nowMs < watch.deadlineMs) {
				return this.dueIn(watch, nowMs, Math.min(analysisRetryMs, call.settings.pollIntervalMs));
			}
		}
		return await this.settle(watch, details, false);
	}

	/**
	 * Looks calls up in List calls by agent, number and start time, one request for all calls to one number, paired
	 * together with the calls to that number not found yet. A call found is read by its listed ID from then on: at
	 * once when the list shows it has ended.
	 */
	private async lookUp(due: Watch[]): Promise<void> {
		const { agentId, phoneNumber, itemIndex } = due[0].call;
		const nowMs = Date.now();
		const page = await settle(
			this.context.getNode(),
			itemIndex,
			async () =>
				await osviRequest<OsviCall>(this.context, {
					method: 'GET',
					path: '/v1/calls',
					effect: 'read',
					response: 'page',
					query: {
						agent_uuid: agentId,
						phone_number: phoneNumber,
						call_type: 'outbound',
						page: 1,
						per_page: lookupPageSize,
					},
					itemIndex,
				}),
		);
		if (!page.ok) {
			for (const watch of due) this.failed(watch, page.error, nowMs);
			return;
		}
		const listed = page.value.data.filter(
			(call) =>
				typeof call === 'object' &&
				call !== null &&
				typeof call.call_id === 'string' &&
				!this.claimed.has(call.call_id) &&
				call.agent_uuid === agentId &&
				digitsOf(call.phone_number).endsWith(phoneNumber),
		);
		const unfound = this.watches.filter(
			(watch) => !watch.outcome && !watch.found && numberKey(watch) === numberKey(due[0]),
		);
		const pairs = pairListedCalls(
			unfound.map((watch) => watch.call),
			listed,
		);
		for (const watch of due) {
			const found = pairs[unfound.indexOf(watch)];
			watch.failures = 0;
			if (!found) {
				this.notFoundYet(watch, nowMs);
				continue;
			}
			watch.readId = found.call_id;
			watch.found = true;
			this.claimed.add(found.call_id);
			if (found.status === 'in_progress' && nowMs < watch.deadlineMs) this.nextCheck(watch, nowMs);
			else watch.dueAtMs = nowMs;
		}
	}

	private notFoundYet(watch: Watch, nowMs: number): void {
		const { call } = watch;
		if (nowMs - call.answeredAtMs < notFoundGraceMs && nowMs < watch.deadlineMs) {
			return this.nextCheck(watch, nowMs);
		}
		const seconds = Math.round((nowMs - call.answeredAtMs) / 1000);
		watch.outcome = {
			ok: false,
			error: new NodeOperationError(
				this.context.getNode(),
				`OSVI accepted the call of item ${call.itemIndex} (call_id ${call.callId}) but could not find it within ${seconds} seconds`,
				{
					itemIndex: call.itemIndex,
					description:
						'Neither its own route nor List calls (by agent, number and start time) found it. The call may be under way: check List calls for this phone number before running this item again, so that nobody is dialled twice.',
				},
			),
		};
	}

	private async settle(watch: Watch, details: OsviCallDetail, timedOut: boolean): Promise<void> {
		const { call } = watch;
		if (!call.settings.includeTranscript) {
			watch.outcome = { ok: true, value: { details, timedOut } };
			return;
		}
		const nowMs = Date.now();
		const read = await settle(
			this.context.getNode(),
			call.itemIndex,
			async () => await readTranscript(this.context, details.call_id, call.itemIndex),
		);
		if (read.ok) {
			watch.outcome = { ok: true, value: { details, timedOut, transcript: read.value.transcript } };
		} else {
			this.failed(watch, read.error, nowMs);
		}
	}

	/** Why the wait ended early, for the error of a stopped execution. */
	stoppedError(): NodeOperationError {
		const ended = this.watches.flatMap(({ call, outcome }) =>
			outcome?.ok && !outcome.value.timedOut
				? [`item ${call.itemIndex} had ended (${outcome.value.details.status})`]
				: [],
		);
		const state =
			ended.length === 0
				? 'none of the calls had ended'
				: ended.length === this.watches.length
					? ended.join(', ')
					: `${ended.join(', ')}; the others had not`;
		return new NodeOperationError(
			this.context.getNode(),
			'The execution was stopped while waiting for calls to end',
			{ description: `When it stopped, ${state}.` },
		);
	}
}

/**
 * Waits for every placed call together, in one loop: each call is read when it is due (poll interval with
 * slowdown and jitter), a few reads at a time, until it has ended (and its analysis has arrived, within a short
 * grace period) or its Max Wait has passed. One outcome per call, in the same order. A stopped execution ends the
 * wait at once, with an error saying which calls had ended.
 */
export async function waitForCalls(
	context: IExecuteFunctions,
	calls: PlacedCallToWait[],
): Promise<Array<Outcome<CallOutcome>>> {
	const signal = context.getExecutionCancelSignal?.();
	const waiter = new CallWaiter(context, calls);
	for (;;) {
		const open = waiter.watches.filter((watch) => !watch.outcome);
		if (open.length === 0 || signal?.aborted) break;
		const nextDueMs = open.reduce((earliest, watch) => Math.min(earliest, watch.dueAtMs), Infinity);
		if (!(await pause(Math.max(0, nextDueMs - Date.now()), signal))) break;
		const nowMs = Date.now();
		await waiter.checkDue(open.filter((watch) => watch.dueAtMs <= nowMs));
	}
	const outcomes = waiter.watches.flatMap((watch) => (watch.outcome ? [watch.outcome] : []));
	if (signal?.aborted || outcomes.length < calls.length) throw waiter.stoppedError();
	return outcomes;
}
