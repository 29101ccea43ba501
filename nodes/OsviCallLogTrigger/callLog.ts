/*
 * Which calls the OSVI Call Log Trigger reports at a check, and what it remembers between checks. No n8n and no
 * I/O here: pages of `GET /v1/calls` come from the `PageReader` the caller passes, so the rules below are tested
 * against call sequences in memory as well as against the sandbox.
 *
 * What OSVI gives us: `GET /v1/calls` lists calls newest first by `created_at`, numbered pages of a fixed size. A
 * call is listed from the moment it is created, as `in_progress`; its `status` turns final (picked, not_picked,
 * busy, failed, voicemail, …) later, minutes or, for a stuck call, never. `call_picked_at` is empty for calls nobody
 * answered, and the date filters work on it, so a date filter would lose exactly those calls: no date filter is
 * used. `created_at` has whole seconds, so several calls can share one.
 *
 * The state (kept in the workflow's static data, JSON only):
 * - `sinceMs`: a `created_at` (OSVI's clock, never n8n's: the two may disagree by any amount). Every call created
 *   before it is settled, except those in `pending`. `null` while OSVI has listed no call at all.
 * - `settled`: the IDs of calls created at or after `sinceMs` that are settled: reported, or finished with a status
 *   the Call Status parameter leaves out (so that changing the parameter later replays nothing).
 * - `pending`: calls created before `sinceMs` that were still in progress when the window moved past them, with
 *   what it takes to find each again (its number, agent, call type and upload).
 * - `scope`: the agent, campaign and call type the listing is filtered by. A state belongs to one listing; when
 *   these filters change, the trigger starts from now again.
 *
 * A check:
 * 1. Reads the listing (filtered by agent, campaign and call type, never by status or date) page by page until it
 *    meets a call created before `sinceMs`: those are all settled or pending. Calls created after the previous
 *    check push older ones to later pages, so a call may be listed twice: the first sighting counts.
 * 2. If `pending` is not empty: reads the calls still `in_progress` back to the oldest pending one. A pending call
 *    no longer among them has probably finished. When more than `fewLookups` (5) have, they are first sought in one
 *    listing of finished calls (`status` = every finished status, comma-separated, as OSVI documents), read newest
 *    first back to the oldest of them, at most one page per 5 calls sought and `maxFinishedPages` (23) pages: a
 *    burst of calls placed together ends together, a page per 100. Calls only ever join that listing, so a page
 *    shift cannot hide a call in it. The rest (a call the shifting in-progress listing hid, a status OSVI may add,
 *    calls spread further back) are looked up one by one, oldest first, in the listing filtered to the call's own
 *    number, agent, call type and upload (normally one short page), at most `maxLookups` (50) per check; those left
 *    over stay pending and are looked for at the next check. A pending call OSVI no longer lists is dropped.
 * 3. Reports every call that is final and not settled (and whose status the user selected), oldest first, and
 *    settles it. Calls still in progress are neither: they are met again at the next check.
 * 4. Moves the window: `sinceMs` becomes the `created_at` of the oldest call still in progress, or, when none is,
 *    that of the newest call minus a late margin (a minute: a call OSVI commits a little after a newer one is not
 *    lost), never earlier than before. `settled` keeps only the IDs at or after it (calls created in the same second
 *    are told apart by ID, not time).
 *
 * Bounds, however long it runs: the window holds at most `maxWindow` calls; when a long call would keep more in
 * it, `sinceMs` moves past the oldest ones and the calls among them still in progress become pending (the calls of
 * one second stay together: should more than `maxWindow` share the newest second, the window moves past it). At most
 * `maxPending` (2000) calls are pending (the newest are kept), and a call still in progress a day after the newest
 * call OSVI lists is given up as stuck. 2000 covers a run that places a couple of thousand calls within seconds,
 * all of them still ringing or talking when the window moves past them (with the window's 300, 2300 calls in
 * progress at once); an entry is ~100 to 220 bytes of static data (its ID, time and lookup filters), so the state
 * stays below ~300 IDs plus 2000 entries, under 0.5 MB at the very worst and only while that many calls are in
 * progress. A check reads the calls created since the previous one plus at most `maxWindow` (4 pages when nothing
 * happened), plus, while calls are pending, the calls in progress back to the oldest of them (at most 24 pages:
 * 2000 pending and 300 in the window, plus those created since the previous check), at most 23 pages of finished
 * calls and at most 50 single-call lookups: about 100 requests at the very most, plus two pages per 100 calls
 * created since the previous check. What the trigger gives up on is returned in `notes` for the log.
 *
 * All or nothing: the state is computed only once every page of a check has arrived. A check that fails half-way
 * (OSVI answers 5xx on page 2) throws, reports nothing and leaves the state as it was, so the next check reads the
 * same calls again. n8n stores the static data when a check reports calls, so after a restart it holds the state
 * of the last check that reported any: every call reported so far is settled in it, and what later checks settled
 * without reporting (other statuses, a moved window) is only read and settled again.
 *
 * Starting from now (no state, the filters changed, or a user activated the workflow again, for which the node passes
 * no state; a restart of n8n keeps the state): the calls in progress (up to `maxWindow + maxPending`) and the
 * newest calls back to the oldest of those (up to `maxWindow`) are read; every call already final is settled
 * without being reported, every call in progress is reported when it finishes. The calls in progress cannot be
 * looked for again later, so they are read more than once when they fill more than one page: a call ending while
 * the pages are read moves the later calls up one place, so that read newest first a call can slip onto a page
 * already read; read from the last page to the first, it cannot (but a call created meanwhile moves the others
 * down, which can make one slip onto a page already read this way, and cannot newest first). So they are read
 * newest first, then from the last page back, then newest first again, and once more if that third reading still
 * found calls the others had missed (`runningPasses`: 4 readings at most, ~23 pages each at the very most). The
 * limit that remains: a call is missed only when every reading skipped it, which takes calls created and calls
 * ending at just the wrong moments around it in each of them (seen in simulation only with bursts of hundreds of
 * calls placed while reads took seconds each). Calls that end while the activation check reads may or may not be
 * reported: the check starts from a "now" that lasts as long as it reads.
 *
 * Assumed of OSVI, beyond its docs: a call never appears in the listing with a `created_at` more than the late
 * margin before the newest call listed earlier, and a call is not deleted while in progress.
 */
import type { OsviCall } from '../shared/interfaces';

/** The query of `GET /v1/calls` without `page` and `per_page`. */
export type ListingQuery = Record<string, string | number>;

/** One page of `GET /v1/calls`; every page of one listing is read with the same `perPage`. */
export type PageReader = (
	query: ListingQuery,
	page: number,
	perPage: number,
) => Promise<OsviCall[]>;

export interface CallLogSettings {
	/** `agent_uuid`, `campaign_id`, `call_type`: sent with every listing. */
	scope: ListingQuery;
	/** Final statuses to report; empty reports every finished call. */
	statuses: readonly string[];
}

/** A call that was in progress when the window moved past it. */
export interface PendingCall {
	id: string;
	createdAtMs: number;
	/** Filters that list this call among few others: its number (digits), agent, call type and upload. */
	lookup: ListingQuery;
}

export interface CallLogState {
	version: 1;
	scope: string;
	sinceMs: number | null;
	settled: string[];
	pending: PendingCall[];
}

export interface CheckResult {
	state: CallLogState;
	/** The calls to start the workflow with, exactly as OSVI listed them, oldest first. */
	calls: OsviCall[];
	/** Whether this check started from now (no state, or the filters changed). */
	started: boolean;
	/** Calls the trigger gave up on, and why: for the log. */
	notes: string[];
}

export const limits = {
	pageSize: 100,
	maxWindow: 300,
	maxPending: 2000,
	/** Up to this many pending calls that finished are looked up one by one; more are first sought in one listing. */
	fewLookups: 5,
	/** At most this many pages of finished calls are read for pending calls: a burst of `maxPending` and a window. */
	maxFinishedPages: 23,
	/** At most this many pending calls are looked up one by one per check; the rest wait for the next check. */
	maxLookups: 50,
	/** At most this many readings of the calls in progress when starting from now. */
	runningPasses: 4,
	lateMarginMs: 60_000,
	stuckAfterMs: 24 * 60 * 60_000,
	/** A safety stop for a listing that never ends (100,000 calls between two checks). */
	maxPagesPerListing: 1000,
} as const;

const inProgress = 'in_progress';

/** A call with the time it sorts by. */
interface Listed {
	call: OsviCall;
	id: string;
	timeMs: number;
}

interface Listing {
	calls: Listed[];
	/** Whether OSVI had no more calls (rather than the reader having read enough). */
	ended: boolean;
	/** How many pages were read. */
	pages: number;
}

/** Calls read so far, in listing order, each once, with what is needed to add the next page. */
interface Reading {
	calls: Listed[];
	seen: Set<string>;
	previousMs: number;
}

const newReading = (): Reading => ({ calls: [], seen: new Set(), previousMs: Number.NaN });

function parseTime(value: unknown): number {
	return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

/**
 * Reads a listing newest first until `enough` says so or it ends. A call listed again on a later page (newer calls
 * pushed it there) is kept once. A call without a readable `created_at` sorts as the call listed before it (or,
 * at the top, the first one after it with a time): the listing is ordered, so that is where it belongs.
 */
async function readListing(
	read: PageReader,
	query: ListingQuery,
	enough: (calls: Listed[], pages: number) => boolean,
	notes: string[],
): Promise<Listing> {
	const reading = newReading();
	for (let page = 1; page <= limits.maxPagesPerListing; page++) {
		const data = await read(query, page, limits.pageSize);
		addPage(reading, data, notes);
		if (data.length < limits.pageSize) return { calls: reading.calls, ended: true, pages: page };
		if (enough(reading.calls, page)) return { calls: reading.calls, ended: false, pages: page };
	}
	throw new Error(
		`OSVI listed more than ${limits.maxPagesPerListing} pages of calls in one check; nothing was reported, the next check tries again`,
	);
}

function addPage(reading: Reading, data: OsviCall[], notes: string[]): void {
	for (const call of data) {
		if (typeof call.call_id !== 'string' || call.call_id === '') {
			notes.push(
				'OSVI listed a call without a call_id; it cannot be reported once and only once, so it was skipped',
			);
			continue;
		}
		const parsed = parseTime(call.created_at);
		const timeMs = Number.isNaN(parsed) ? reading.previousMs : parsed;
		reading.previousMs = timeMs;
		if (reading.seen.has(call.call_id)) continue;
		reading.seen.add(call.call_id);
		reading.calls.push({ call, id: call.call_id, timeMs });
	}
	fillLeadingTimes(reading.calls);
}

/**
 * Reads pages `lastPage` down to 1 of a listing. A call that ends while the pages are read moves the calls after it
 * one place up: read newest first, a call can thereby leave the page still to be read for one already read and be
 * skipped; read this way, it moves to a page still to be read. (A new call moves the others down instead: that
 * skips no call when read newest first, and may here.)
 */
async function readPagesBackwards(
	read: PageReader,
	query: ListingQuery,
	lastPage: number,
): Promise<Listed[]> {
	const pages: OsviCall[][] = [];
	for (let page = lastPage; page >= 1; page--) {
		pages[page - 1] = await read(query, page, limits.pageSize);
	}
	const reading = newReading();
	// A call without a call_id was noted when the same listing was read newest first.
	for (const data of pages) addPage(reading, data, []);
	return reading.calls;
}

function fillLeadingTimes(calls: Listed[]): void {
	const first = calls.find((listed) => !Number.isNaN(listed.timeMs));
	if (!first) return;
	for (const listed of calls) {
		if (!Number.isNaN(listed.timeMs)) break;
		listed.timeMs = first.timeMs;
	}
}

/**
 * The time of the oldest call read. Usually the last one; but a burst of calls created while the pages are read
 * pushes calls already read onto the next page, and newer calls along with them, so that the last call added to a
 * listing can be newer than calls read before it.
 */
function oldestTime(calls: Listed[]): number {
	let oldestMs = Number.POSITIVE_INFINITY;
	for (const listed of calls) if (listed.timeMs < oldestMs) oldestMs = listed.timeMs;
	return oldestMs;
}

const olderThan = (timeMs: number) => (calls: Listed[]) => oldestTime(calls) < timeMs;

/** The filters that find this call again among few others. */
function lookupOf(call: OsviCall): ListingQuery {
	const lookup: ListingQuery = {};
	// OSVI matches part of the number; digits avoid a `+` that a query string could turn into a space.
	const digits = typeof call.phone_number === 'string' ? call.phone_number.replace(/\D/g, '') : '';
	if (digits) lookup.phone_number = digits;
	if (typeof call.agent_uuid === 'string' && call.agent_uuid) lookup.agent_uuid = call.agent_uuid;
	if (typeof call.call_type === 'string' && call.call_type) lookup.call_type = call.call_type;
	if (typeof call.campaign_upload_id === 'number')
		lookup.campaign_upload_id = call.campaign_upload_id;
	return lookup;
}

const toPending = (listed: Listed): PendingCall => ({
	id: listed.id,
	createdAtMs: listed.timeMs,
	lookup: lookupOf(listed.call),
});

/** A stable text for the listing's filters, so that a state is used only with the filters it was built for. */
export function scopeKey(scope: ListingQuery): string {
	return JSON.stringify(
		Object.keys(scope)
			.sort()
			.map((key) => [key, String(scope[key])]),
	);
}

function isPendingCall(value: unknown): value is PendingCall {
	if (typeof value !== 'object' || value === null) return false;
	const pending = value as Record<string, unknown>;
	return (
		typeof pending.id === 'string' &&
		typeof pending.createdAtMs === 'number' &&
		typeof pending.lookup === 'object' &&
		pending.lookup !== null
	);
}

/** The stored state when it is one this version wrote for these filters; anything else means starting from now. */
export function readState(stored: unknown, scope: string): CallLogState | undefined {
	if (typeof stored !== 'object' || stored === null) return undefined;
	const state = stored as Record<string, unknown>;
	if (state.version !== 1 || state.scope !== scope) return undefined;
	if (state.sinceMs !== null && typeof state.sinceMs !== 'number') return undefined;
	if (!Array.isArray(state.settled) || !state.settled.every((id) => typeof id === 'string')) {
		return undefined;
	}
	if (!Array.isArray(state.pending) || !state.pending.every(isPendingCall)) return undefined;
	return {
		version: 1,
		scope,
		sinceMs: state.sinceMs,
		settled: [...state.settled],
		pending: state.pending.map((pending) => ({ ...pending, lookup: { ...pending.lookup } })),
	};
}

const isFinal = (call: OsviCall) => call.status !== inProgress;

function wants(settings: CallLogSettings, call: OsviCall): boolean {
	return settings.statuses.length === 0 || settings.statuses.includes(String(call.status));
}

/**
 * Where the window starts after a check: at the oldest call still in progress, or the newest call minus the late
 * margin; never before `floorMs`; and late enough that at most `maxWindow` calls are in it.
 */
function windowStart(calls: Listed[], open: Listed[], floorMs: number | null): number | null {
	if (calls.length === 0) return floorMs;
	const times = calls.map((listed) => listed.timeMs).sort((a, b) => b - a);
	const newestMs = times[0];
	let sinceMs = Math.min(newestMs - limits.lateMarginMs, ...open.map((listed) => listed.timeMs));
	if (floorMs !== null) sinceMs = Math.max(sinceMs, floorMs);
	const inWindow = times.filter((timeMs) => timeMs >= sinceMs).length;
	if (inWindow <= limits.maxWindow) return sinceMs;
	// The earliest start that keeps at most maxWindow calls; calls of one second stay together.
	let start = newestMs + 1;
	for (let index = 0; index < limits.maxWindow; index++) {
		if (index + 1 < times.length && times[index + 1] === times[index]) continue;
		start = times[index];
	}
	return start;
}

interface Settlement {
	calls: Listed[];
	floorMs: number | null;
	settledBefore: ReadonlySet<string>;
	pending: PendingCall[];
	newestKnownMs: number | null;
}

function settle(
	settings: CallLogSettings,
	scope: string,
	input: Settlement,
	notes: string[],
): { state: CallLogState; reported: Listed[] } {
	const reported: Listed[] = [];
	const settledNow = new Set<string>();
	const open: Listed[] = [];
	for (const listed of input.calls) {
		if (input.settledBefore.has(listed.id)) {
			settledNow.add(listed.id);
		} else if (!isFinal(listed.call)) {
			open.push(listed);
		} else {
			settledNow.add(listed.id);
			if (wants(settings, listed.call)) reported.push(listed);
		}
	}

	const sinceMs = windowStart(input.calls, open, input.floorMs);
	const inWindow = (listed: Listed) => sinceMs === null || listed.timeMs >= sinceMs;
	const settled = input.calls
		.filter((listed) => settledNow.has(listed.id) && inWindow(listed))
		.map((listed) => listed.id);
	const leftBehind = open.filter((listed) => !inWindow(listed)).map(toPending);

	const newestKnownMs = Math.max(
		input.newestKnownMs ?? Number.NEGATIVE_INFINITY,
		...input.calls.map((listed) => listed.timeMs),
	);
	const pending: PendingCall[] = [];
	for (const candidate of [...input.pending, ...leftBehind].sort(
		(a, b) => b.createdAtMs - a.createdAtMs,
	)) {
		if (candidate.createdAtMs < newestKnownMs - limits.stuckAfterMs) {
			notes.push(
				`Call ${candidate.id} is still in progress more than a day after it was created (by OSVI's clock); it is taken as stuck and will not be reported`,
			);
		} else if (pending.length >= limits.maxPending) {
			notes.push(
				`Call ${candidate.id} is still in progress, as are ${limits.maxPending} newer calls the trigger is waiting for; it will not be reported`,
			);
		} else {
			pending.push(candidate);
		}
	}

	reported.reverse();
	return { state: { version: 1, scope, sinceMs, settled, pending }, reported };
}

/**
 * What became of each pending call: still in progress, finished (as listed), or no longer listed. A pending call
 * without a finding was not looked for at this check: it stays pending.
 */
type PendingFinding =
	| { kind: 'inProgress' }
	| { kind: 'gone' }
	| { kind: 'listed'; call: OsviCall };

const oldestOf = (calls: PendingCall[]) => Math.min(...calls.map((call) => call.createdAtMs));

async function findPending(
	read: PageReader,
	scope: ListingQuery,
	pending: PendingCall[],
	notes: string[],
): Promise<Map<string, PendingFinding>> {
	const findings = new Map<string, PendingFinding>();
	if (pending.length === 0) return findings;
	const running = await readListing(
		read,
		{ ...scope, status: inProgress },
		olderThan(oldestOf(pending)),
		notes,
	);
	const runningIds = new Set(running.calls.map((listed) => listed.id));
	const ended = pending.filter((call) => !runningIds.has(call.id));
	for (const call of pending) {
		if (runningIds.has(call.id)) findings.set(call.id, { kind: 'inProgress' });
	}

	if (ended.length > limits.fewLookups) {
		// One listing of finished calls finds calls that ended together (a burst placed at once) a page per 100.
		// Calls only ever join it, never leave it, so reading it page by page skips none. At most one page is read
		// per few calls sought, so that it never costs much more than looking them up one by one.
		const sought = new Set(ended.map((call) => call.id));
		const pageBudget = Math.min(
			limits.maxFinishedPages,
			Math.ceil(ended.length / limits.fewLookups),
		);
		const finished = await readListing(
			read,
			{ ...scope, status: finishedStatuses.join(',') },
			(calls, pages) =>
				pages >= pageBudget ||
				olderThan(oldestOf(ended))(calls) ||
				calls.filter((listed) => sought.has(listed.id)).length === sought.size,
			notes,
		);
		for (const listed of finished.calls) {
			if (sought.has(listed.id) && isFinal(listed.call)) {
				findings.set(listed.id, { kind: 'listed', call: listed.call });
			}
		}
	}

	// The rest (a call that a page shift hid, one with a status not in the list, or older than the pages read) are
	// looked up one by one, oldest first, at most `maxLookups` of them; the others wait for the next check.
	const unfound = ended
		.filter((call) => !findings.has(call.id))
		.sort((a, b) => a.createdAtMs - b.createdAtMs)
		.slice(0, limits.maxLookups);
	for (const call of unfound) {
		const found = await readListing(
			read,
			{ ...scope, ...call.lookup },
			(calls) =>
				calls.some((listed) => listed.id === call.id) || olderThan(call.createdAtMs)(calls),
			notes,
		);
		const listed = found.calls.find((candidate) => candidate.id === call.id);
		findings.set(call.id, listed ? { kind: 'listed', call: listed.call } : { kind: 'gone' });
	}
	return findings;
}

/** Calls whose time is still unknown when no call of the listing had one sort at `fallbackMs`. */
function resolveUnknownTimes(calls: Listed[], fallbackMs: number | null): void {
	if (!calls.some((listed) => Number.isNaN(listed.timeMs))) return;
	if (fallbackMs === null) {
		throw new Error(
			'OSVI listed calls without a readable created_at, so the trigger cannot tell which calls are new; nothing was reported',
		);
	}
	for (const listed of calls) listed.timeMs = fallbackMs;
}

/**
 * The calls in progress, for starting from now: up to `maxWindow + maxPending` of them. The listing changes while
 * its pages are read. Read newest first, it skips a call when calls before it end between two pages; read from the
 * last page to the first, when calls are created meanwhile (see readPagesBackwards). So it is read newest first,
 * from the last page back, newest first again, and a fourth time if the third reading found calls the first two
 * missed. One page is read at once: nothing to skip, nothing read again.
 */
async function readRunning(
	read: PageReader,
	scope: ListingQuery,
	notes: string[],
): Promise<Listed[]> {
	const query = { ...scope, status: inProgress };
	const enough = (calls: Listed[]) => calls.length >= limits.maxWindow + limits.maxPending;
	const first = await readListing(read, query, enough, notes);
	const running = [...first.calls];
	if (first.pages === 1) return running;
	const known = new Set(running.map((listed) => listed.id));
	// Calls created after the first reading began are not a sign of a skip.
	const newestMs = Math.max(...running.map((listed) => listed.timeMs));
	let pages = first.pages;
	for (let pass = 2; pass <= limits.runningPasses; pass++) {
		let again: Listed[];
		if (pass % 2 === 0) {
			again = await readPagesBackwards(read, query, pages);
		} else {
			const forwards = await readListing(read, query, enough, []);
			pages = Math.max(pages, forwards.pages);
			again = forwards.calls;
		}
		let missed = 0;
		for (const listed of again) {
			if (known.has(listed.id)) continue;
			known.add(listed.id);
			running.push(listed);
			if (!(listed.timeMs >= newestMs)) missed++;
		}
		if (missed === 0 && pass >= 3) break;
	}
	return running;
}

async function startFromNow(
	read: PageReader,
	settings: CallLogSettings,
	scope: string,
	notes: string[],
): Promise<CheckResult> {
	const running = await readRunning(read, settings.scope, notes);
	const oldestRunningMs = Math.min(...running.map((listed) => listed.timeMs));
	const listing = await readListing(
		read,
		settings.scope,
		(calls) =>
			calls.length >= limits.maxWindow ||
			olderThan(Math.min(oldestRunningMs, calls[0].timeMs - limits.lateMarginMs))(calls),
		notes,
	);
	resolveUnknownTimes(listing.calls, null);
	// The oldest second read may go on in the next page: only later calls are known completely.
	const floorMs = listing.ended ? null : oldestTime(listing.calls) + 1;
	const windowCalls = listing.calls.filter(
		(listed) => floorMs === null || listed.timeMs >= floorMs,
	);
	const windowIds = new Set(windowCalls.map((listed) => listed.id));
	const finishedMeanwhile = new Set(
		listing.calls.filter((listed) => isFinal(listed.call)).map((listed) => listed.id),
	);
	const olderRunning = running
		.filter(
			(listed) =>
				!windowIds.has(listed.id) &&
				!finishedMeanwhile.has(listed.id) &&
				floorMs !== null &&
				listed.timeMs < floorMs,
		)
		.map(toPending);
	// Calls already final are settled without being reported: history is not replayed.
	const { state } = settle(
		settings,
		scope,
		{
			calls: windowCalls,
			floorMs,
			settledBefore: new Set(),
			pending: olderRunning,
			newestKnownMs: null,
		},
		notes,
	);
	return { state, calls: [], started: true, notes };
}

/**
 * One check: the calls that finished since the previous check (filtered by status), and the state to keep.
 * `stored` is whatever the static data held (nothing at first): a state that does not fit starts from now.
 */
export async function checkCallLog(
	read: PageReader,
	stored: unknown,
	settings: CallLogSettings,
): Promise<CheckResult> {
	const scope = scopeKey(settings.scope);
	const notes: string[] = [];
	const previous = readState(stored, scope);
	if (!previous) return await startFromNow(read, settings, scope, notes);

	const sinceMs = previous.sinceMs;
	const listing = await readListing(
		read,
		settings.scope,
		sinceMs === null ? () => false : olderThan(sinceMs),
		notes,
	);
	resolveUnknownTimes(listing.calls, sinceMs);
	const windowCalls = listing.calls.filter(
		(listed) => sinceMs === null || listed.timeMs >= sinceMs,
	);
	const windowIds = new Set(windowCalls.map((listed) => listed.id));
	// A pending call is older than the window; should it show up in it anyway, the window decides.
	const pendingBefore = previous.pending.filter((call) => !windowIds.has(call.id));
	const findings = await findPending(read, settings.scope, pendingBefore, notes);

	const reportedPending: Array<{ call: OsviCall; createdAtMs: number }> = [];
	const stillPending: PendingCall[] = [];
	for (const call of pendingBefore) {
		const finding = findings.get(call.id);
		if (finding === undefined || finding.kind === 'inProgress') {
			stillPending.push(call);
		} else if (finding.kind === 'gone') {
			notes.push(
				`Call ${call.id} was in progress but OSVI no longer lists it; it will not be reported`,
			);
		} else if (!isFinal(finding.call)) {
			stillPending.push(call);
		} else if (wants(settings, finding.call)) {
			reportedPending.push({ call: finding.call, createdAtMs: call.createdAtMs });
		}
	}
	reportedPending.sort((a, b) => a.createdAtMs - b.createdAtMs);

	const { state, reported } = settle(
		settings,
		scope,
		{
			calls: windowCalls,
			floorMs: sinceMs,
			settledBefore: new Set(previous.settled),
			pending: stillPending,
			newestKnownMs: sinceMs,
		},
		notes,
	);
	return {
		state,
		calls: [
			...reportedPending.map((pending) => pending.call),
			...reported.map((listed) => listed.call),
		],
		started: false,
		notes,
	};
}

/** The statuses a finished call can have, as OSVI documents them. */
export const finishedStatuses = ['picked', 'not_picked', 'failed', 'busy', 'voicemail'] as const;

/** For a manual test run: the most recent finished call that matches, without touching the state. */
export async function latestFinishedCall(
	read: PageReader,
	settings: CallLogSettings,
): Promise<OsviCall | undefined> {
	const statuses = settings.statuses.length > 0 ? settings.statuses : finishedStatuses;
	const [call] = await read({ ...settings.scope, status: statuses.join(',') }, 1, 1);
	return call;
}
