import {
	checkCallLog,
	latestFinishedCall,
	limits,
	readState,
	scopeKey,
} from '../../../nodes/OsviCallLogTrigger/callLog';
import type {
	CallLogSettings,
	CallLogState,
	CheckResult,
} from '../../../nodes/OsviCallLogTrigger/callLog';
import { at, FakeCallLog } from './fakeCallLog';
import type { CallSpec } from './fakeCallLog';

const everyCall: CallLogSettings = { scope: {}, statuses: [] };

/** n8n keeps static data as JSON: each check starts from what a restart would give it. */
const stored = (state: CallLogState): unknown => JSON.parse(JSON.stringify(state));

const ids = (result: CheckResult) => result.calls.map((call) => call.call_id);

/** `count` calls, one a second from `fromSecond`, named `prefix` + a number of three digits. */
function many(prefix: string, count: number, fromSecond: number, status = 'picked'): CallSpec[] {
	return Array.from({ length: count }, (_, index) => ({
		id: `${prefix}${String(index).padStart(3, '0')}`,
		second: fromSecond + index,
		status,
	}));
}

const names = (specs: CallSpec[]) => specs.map((spec) => spec.id);

interface Check {
	/** What happens at OSVI before this check. */
	before?: (log: FakeCallLog) => void;
	settings?: CallLogSettings;
	/** The IDs the check reports, in order. */
	reports: string[];
	/** Text every note of the check must contain, in order (no notes when left out). */
	notes?: string[];
}

interface Case {
	rule: string;
	/** The log when the workflow is activated: its first check starts from now and reports nothing. */
	history?: (log: FakeCallLog) => void;
	settings?: CallLogSettings;
	checks: Check[];
}

const table: Case[] = [
	{
		rule: 'starts from now: calls that ended before activation are not reported, a call then in progress is once it ends',
		history: (log) =>
			log.add(
				{ id: 'old-picked', second: 0, status: 'picked' },
				{ id: 'old-unanswered', second: 10, status: 'not_picked' },
				{ id: 'running', second: 20 },
			),
		checks: [
			{ reports: [] },
			{
				before: (log) =>
					log.finish('running', 'busy').add({ id: 'new', second: 30, status: 'picked' }),
				reports: ['running', 'new'],
			},
		],
	},
	{
		rule: 'a call in progress at one check is reported at the first check after it ends, and only then',
		checks: [
			{ before: (log) => log.add({ id: 'a', second: 0 }), reports: [] },
			{ reports: [] },
			{ before: (log) => log.finish('a', 'picked'), reports: ['a'] },
			{ reports: [] },
		],
	},
	{
		rule: 'calls nobody answered (no call_picked_at) are reported like any other',
		checks: [
			{
				before: (log) =>
					log.add(
						{ id: 'ringing', second: 0 },
						{ id: 'busy', second: 1, status: 'busy' },
						{ id: 'failed', second: 2, status: 'failed' },
					),
				reports: ['busy', 'failed'],
			},
			{ before: (log) => log.finish('ringing', 'not_picked'), reports: ['ringing'] },
		],
	},
	{
		rule: 'checks with no new calls report nothing',
		history: (log) => log.add({ id: 'before', second: 0, status: 'picked' }),
		checks: [
			{ before: (log) => log.add({ id: 'one', second: 5, status: 'voicemail' }), reports: ['one'] },
			{ reports: [] },
			{ reports: [] },
			{ reports: [] },
		],
	},
	{
		rule: 'hundreds of calls ending between two checks (three pages) are each reported once, oldest first',
		history: (log) => log.add(...many('old', 120, 0)),
		checks: [
			{ before: (log) => log.add(...many('c', 250, 1000)), reports: names(many('c', 250, 1000)) },
			{ reports: [] },
		],
	},
	{
		rule: 'calls created in the same second are told apart by ID: none missed, none repeated',
		// The call in progress holds the window at its second, so the calls of that second are told apart by ID.
		history: (log) => log.add({ id: 'x', second: 5 }, { id: 'v', second: 5, status: 'picked' }),
		checks: [
			{
				before: (log) =>
					log.add(
						{ id: 'y', second: 5, status: 'picked' },
						{ id: 'later', second: 100, status: 'busy' },
					),
				reports: ['y', 'later'],
			},
			{ reports: [] },
			{ before: (log) => log.add({ id: 'z', second: 5, status: 'busy' }), reports: ['z'] },
			{ before: (log) => log.finish('x', 'picked'), reports: ['x'] },
			{ reports: [] },
		],
	},
	{
		rule: 'a second that holds hundreds of calls never makes the window hold more than 300 calls',
		checks: [
			{
				before: (log) =>
					log.add(
						{ id: 'long', second: 0 },
						...many('burst', 250, 1000).map((spec) => ({ ...spec, second: 1000 })),
						...many('after', 100, 2000),
					),
				reports: [...names(many('burst', 250, 1000)), ...names(many('after', 100, 2000))],
			},
			{ reports: [] },
			{
				before: (log) =>
					log.add(...many('one-second', 350, 3000).map((spec) => ({ ...spec, second: 3000 }))),
				reports: names(many('one-second', 350, 3000)),
			},
			{ before: (log) => log.finish('long', 'failed'), reports: ['long'] },
			{ reports: [] },
		],
	},
	{
		rule: 'a call OSVI lists late, created up to a minute before the newest call already seen, is reported',
		checks: [
			{ before: (log) => log.add({ id: 'a', second: 100, status: 'picked' }), reports: ['a'] },
			{ before: (log) => log.add({ id: 'late', second: 70, status: 'picked' }), reports: ['late'] },
			{ reports: [] },
		],
	},
	{
		rule: 'cut-offs follow OSVI’s clock: calls stamped hours in the past by OSVI are still new',
		history: (log) => log.add({ id: 'old', second: -7 * 3600, status: 'picked' }),
		checks: [
			{
				before: (log) => log.add({ id: 'a', second: -6 * 3600, status: 'picked' }),
				reports: ['a'],
			},
		],
	},
	{
		rule: 'a status left out of Call Status is not reported, and not later when the selection changes',
		settings: { scope: {}, statuses: ['picked'] },
		checks: [
			{
				before: (log) =>
					log.add(
						{ id: 'busy', second: 1, status: 'busy' },
						{ id: 'picked', second: 2, status: 'picked' },
						{ id: 'running', second: 3 },
					),
				reports: ['picked'],
			},
			{ before: (log) => log.finish('running', 'voicemail'), reports: [] },
			{ settings: everyCall, reports: [] },
			{
				settings: everyCall,
				before: (log) => log.add({ id: 'busy-2', second: 4, status: 'busy' }),
				reports: ['busy-2'],
			},
		],
	},
	{
		rule: 'a call in progress while more than 300 newer calls end is reported when it ends',
		checks: [
			{ before: (log) => log.add({ id: 'long', second: 0 }), reports: [] },
			{ before: (log) => log.add(...many('c', 350, 1)), reports: names(many('c', 350, 1)) },
			{ reports: [] },
			{ before: (log) => log.finish('long', 'picked'), reports: ['long'] },
			{ reports: [] },
		],
	},
	{
		rule: 'a call in progress at activation behind more than 300 newer calls is reported when it ends',
		history: (log) => log.add({ id: 'long', second: 0 }, ...many('c', 350, 1)),
		checks: [
			{ reports: [] },
			{ before: (log) => log.finish('long', 'not_picked'), reports: ['long'] },
		],
	},
	{
		rule: 'a call still in progress a day after the newest call is given up as stuck, with a note',
		checks: [
			{
				before: (log) => log.add({ id: 'stuck', second: 0 }, ...many('c', 350, 1)),
				reports: names(many('c', 350, 1)),
			},
			{
				before: (log) => log.add({ id: 'next-day', second: 25 * 3600, status: 'picked' }),
				reports: ['next-day'],
				notes: ['Call stuck is still in progress more than a day after it was created'],
			},
			{ before: (log) => log.finish('stuck', 'picked'), reports: [] },
		],
	},
	{
		rule: 'a pending call that OSVI no longer lists is dropped, with a note',
		checks: [
			{
				before: (log) => log.add({ id: 'gone', second: 0 }, ...many('c', 350, 1)),
				reports: names(many('c', 350, 1)),
			},
			{
				before: (log) => log.remove('gone'),
				reports: [],
				notes: ['Call gone was in progress but OSVI no longer lists it'],
			},
			{ reports: [] },
		],
	},
	{
		rule: 'more than 2000 calls left in progress behind the window: the newest 2000 are kept, the rest noted',
		checks: [
			{
				before: (log) => log.add(...many('long', 2003, 0, 'in_progress'), ...many('c', 350, 3000)),
				reports: names(many('c', 350, 3000)),
				notes: [
					'Call long002 is still in progress, as are 2000 newer calls',
					'Call long001 is still',
					'Call long000 is still',
				],
			},
			{
				before: (log) =>
					['long000', 'long001', 'long002', 'long003', 'long2002'].forEach((id) => log.finish(id)),
				reports: ['long003', 'long2002'],
			},
		],
	},
	{
		rule: 'changing the agent, campaign or call type filter starts from now',
		settings: { scope: { agent_uuid: 'agent_one' }, statuses: [] },
		history: (log) =>
			log.add({ id: 'two-before', second: 0, status: 'picked', agent: 'agent_two' }),
		checks: [
			{ before: (log) => log.add({ id: 'one', second: 1, status: 'picked' }), reports: ['one'] },
			{
				settings: { scope: { agent_uuid: 'agent_two' }, statuses: [] },
				before: (log) => log.add({ id: 'two', second: 2, status: 'picked', agent: 'agent_two' }),
				reports: [],
			},
			{
				settings: { scope: { agent_uuid: 'agent_two' }, statuses: [] },
				before: (log) =>
					log.add({ id: 'two-after', second: 3, status: 'picked', agent: 'agent_two' }),
				reports: ['two-after'],
			},
		],
	},
	{
		rule: 'a call listed without created_at sorts where OSVI lists it',
		history: (log) => log.add({ id: 'before', second: 0, status: 'picked' }),
		checks: [
			{
				before: (log) =>
					log.add(
						{ id: 'a', second: 10, status: 'picked' },
						{ id: 'no-time', second: 11, createdAt: null },
						{ id: 'b', second: 12, status: 'picked' },
					),
				reports: ['a', 'b'],
			},
			{ before: (log) => log.finish('no-time', 'busy'), reports: ['no-time'] },
			{ reports: [] },
		],
	},
	{
		rule: 'a call listed without call_id is skipped with a note (it could not be told from a repeat)',
		checks: [
			{
				before: (log) =>
					log.add(
						{ id: '', second: 1, status: 'picked' },
						{ id: 'a', second: 2, status: 'picked' },
					),
				reports: ['a'],
				notes: ['OSVI listed a call without a call_id'],
			},
		],
	},
];

async function runChecks(
	log: FakeCallLog,
	state: unknown,
	settings: CallLogSettings,
): Promise<CheckResult> {
	return await checkCallLog(log.read, state, settings);
}

describe('OSVI Call Log Trigger: which calls each check reports', () => {
	test.each(table.map((testCase) => [testCase.rule, testCase] as const))(
		'%s',
		async (_rule, testCase) => {
			const log = new FakeCallLog();
			testCase.history?.(log);
			const settings = testCase.settings ?? everyCall;

			const activation = await runChecks(log, undefined, settings);
			expect(activation.started).toBe(true);
			expect(ids(activation)).toEqual([]);
			let state = stored(activation.state);

			for (const [index, check] of testCase.checks.entries()) {
				check.before?.(log);
				const result = await runChecks(log, state, check.settings ?? settings);
				expect({ check: index + 1, reports: ids(result) }).toEqual({
					check: index + 1,
					reports: check.reports,
				});
				expect(result.notes).toEqual(
					(check.notes ?? []).map((note) => expect.stringContaining(note)),
				);
				expect(result.calls.every((call) => call.status !== 'in_progress')).toBe(true);
				expect(result.state.settled.length).toBeLessThanOrEqual(limits.maxWindow);
				expect(result.state.pending.length).toBeLessThanOrEqual(limits.maxPending);
				state = stored(result.state);
			}
		},
	);
});

async function activate(log: FakeCallLog, settings = everyCall): Promise<unknown> {
	return stored((await checkCallLog(log.read, undefined, settings)).state);
}

describe('OSVI Call Log Trigger: what a check reads and keeps', () => {
	test('a check that fails on page 2 reports nothing and keeps its state; the next check reports every call once', async () => {
		const log = new FakeCallLog().add(...many('old', 20, 0));
		const state = await activate(log);
		log.add(...many('c', 150, 100));
		const before = JSON.stringify(state);
		log.beforePage = (entry) => {
			if (entry.page === 2) throw new Error('OSVI answered 503');
		};

		await expect(checkCallLog(log.read, state, everyCall)).rejects.toThrow('OSVI answered 503');
		expect(JSON.stringify(state)).toBe(before);

		log.beforePage = undefined;
		const result = await checkCallLog(log.read, state, everyCall);
		expect(ids(result)).toEqual(names(many('c', 150, 100)));
		const after = await checkCallLog(log.read, stored(result.state), everyCall);
		expect(ids(after)).toEqual([]);
	});

	test('calls created while a check pages through the log push others to the next page: each is reported once', async () => {
		const log = new FakeCallLog();
		const state = await activate(log);
		log.add(...many('c', 150, 0));
		log.beforePage = (entry) => {
			if (entry.page === 2) log.add(...many('during', 30, 500));
		};

		const result = await checkCallLog(log.read, state, everyCall);
		// Page 2, read after 30 newer calls arrived, repeats 30 calls of page 1.
		expect(ids(result)).toEqual(names(many('c', 150, 0)));
		log.beforePage = undefined;
		const next = await checkCallLog(log.read, stored(result.state), everyCall);
		expect(ids(next)).toEqual(names(many('during', 30, 500)));
	});

	test('a check reads only as far back as it must: one page when nothing changed, no date filter', async () => {
		const log = new FakeCallLog().add(...many('old', 500, 0));
		let state = await activate(log);
		log.add(...many('c', 5, 1000));
		state = stored((await checkCallLog(log.read, state, everyCall)).state);
		log.clearReads();

		const result = await checkCallLog(log.read, state, everyCall);

		expect(ids(result)).toEqual([]);
		expect(log.reads).toEqual([{ query: {}, page: 1, perPage: 100 }]);
	});

	test('a call in progress behind the window costs one page of calls in progress per check, and one lookup when it ends', async () => {
		const log = new FakeCallLog().add(
			{ id: 'long', second: 0, phone: '+919876543210', agent: 'agent_one', uploadId: 19 },
			...many('c', 350, 1),
		);
		let state = await activate(log);
		expect((state as CallLogState).pending).toEqual([
			{
				id: 'long',
				createdAtMs: at(0),
				lookup: {
					phone_number: '919876543210',
					agent_uuid: 'agent_one',
					call_type: 'outbound',
					campaign_upload_id: 19,
				},
			},
		]);
		log.clearReads();
		state = stored((await checkCallLog(log.read, state, everyCall)).state);
		expect(log.reads).toEqual([
			{ query: {}, page: 1, perPage: 100 },
			{ query: { status: 'in_progress' }, page: 1, perPage: 100 },
		]);

		log.finish('long', 'busy');
		log.clearReads();
		const result = await checkCallLog(log.read, state, everyCall);
		expect(ids(result)).toEqual(['long']);
		expect(log.reads).toEqual([
			{ query: {}, page: 1, perPage: 100 },
			{ query: { status: 'in_progress' }, page: 1, perPage: 100 },
			{
				query: {
					phone_number: '919876543210',
					agent_uuid: 'agent_one',
					call_type: 'outbound',
					campaign_upload_id: 19,
				},
				page: 1,
				perPage: 100,
			},
		]);
		expect(result.state.pending).toEqual([]);
	});

	test('a thousand calls placed within seconds and still in progress over several checks are each reported once, at most 20 requests a check', async () => {
		const log = new FakeCallLog().add(...many('history', 50, 0));
		let state = await activate(log);
		// 125 calls a second for 8 seconds, ringing and talking for several checks.
		const placed: CallSpec[] = Array.from({ length: 1000 }, (_, index) => ({
			id: `placed${String(index).padStart(4, '0')}`,
			second: 1000 + Math.floor(index / 125),
		}));
		log.add(...placed);
		const steps: Array<() => void> = [
			() => undefined,
			() => undefined,
			() => placed.slice(0, 500).forEach((call) => log.finish(call.id, 'not_picked')),
			() => undefined,
			() => placed.slice(500).forEach((call) => log.finish(call.id, 'picked')),
			() => undefined,
		];
		const reported: string[] = [];
		const readsPerCheck: number[] = [];
		for (const step of steps) {
			step();
			log.clearReads();
			const result = await checkCallLog(log.read, state, everyCall);
			expect(result.notes).toEqual([]);
			reported.push(...ids(result));
			readsPerCheck.push(log.reads.length);
			state = stored(result.state);
		}

		// Each exactly once (the calls of one second in the order OSVI lists them).
		expect(reported).toHaveLength(1000);
		expect([...reported].sort()).toEqual(names(placed));
		expect((state as CallLogState).pending).toEqual([]);
		// The window (≤ 300 calls, 4 pages), the calls in progress back to the oldest pending one (≤ 11 pages), and
		// once they have ended the finished calls back to it, a page per 100: no call is looked up on its own.
		expect(Math.max(...readsPerCheck)).toBeLessThanOrEqual(20);
		expect(log.reads.every((entry) => entry.query.phone_number === undefined)).toBe(true);
	});

	test('pending calls that end far apart are looked up one by one, at most 50 a check; the rest at the next check', async () => {
		const log = new FakeCallLog();
		let state = await activate(log);
		// 100 long calls, each followed by 100 short ones: the window moves past all but the newest few.
		const long = Array.from({ length: 100 }, (_, index) => `long${String(index).padStart(3, '0')}`);
		log.add(
			...long.flatMap((id, index) => [
				{ id, second: index * 200 },
				...many(`short${String(index).padStart(3, '0')}-`, 100, index * 200 + 1),
			]),
		);
		const first = await checkCallLog(log.read, state, everyCall);
		expect(first.calls).toHaveLength(10_000);
		expect(first.state.pending.length).toBeGreaterThan(limits.maxLookups + 20);
		state = stored(first.state);
		long.forEach((id) => log.finish(id, 'busy'));

		const reported: string[][] = [];
		const lookups: number[] = [];
		const readsPerCheck: number[] = [];
		for (let check = 0; check < 3; check++) {
			log.clearReads();
			const result = await checkCallLog(log.read, state, everyCall);
			expect(result.notes).toEqual([]);
			reported.push(ids(result));
			readsPerCheck.push(log.reads.length);
			lookups.push(log.reads.filter((entry) => entry.query.phone_number !== undefined).length);
			state = stored(result.state);
		}

		expect(reported.flat().sort()).toEqual(long);
		expect(reported[1].length).toBeGreaterThan(0);
		expect(reported[2]).toEqual([]);
		expect(lookups[0]).toBe(limits.maxLookups);
		// The window (4 pages), one page of calls in progress, at most 20 pages of finished calls, 50 lookups.
		expect(Math.max(...readsPerCheck)).toBeLessThanOrEqual(4 + 1 + 20 + limits.maxLookups);
	});

	test('every call in progress at activation is reported when it ends, even when calls end while their pages are read', async () => {
		const long = many('long', 250, 0, 'in_progress');
		const log = new FakeCallLog().add(...long, ...many('short', 400, 1000));
		const endedMeanwhile = ['long249', 'long248', 'long247', 'long246', 'long245'];
		let ended = false;
		log.beforePage = (entry) => {
			if (entry.query.status === 'in_progress' && entry.page === 2 && !ended) {
				// The 5 newest, on page 1: the calls behind them move up a place, from page 2 onto page 1.
				endedMeanwhile.forEach((id) => log.finish(id));
				ended = true;
			}
		};
		const state = await activate(log);
		log.beforePage = undefined;
		expect(ended).toBe(true);

		for (const call of long)
			if (!endedMeanwhile.includes(call.id)) log.finish(call.id, 'voicemail');
		const result = await checkCallLog(log.read, state, everyCall);
		expect(result.notes).toEqual([]);
		expect(ids(result)).toEqual(names(long));
		expect(ids(await checkCallLog(log.read, stored(result.state), everyCall))).toEqual([]);
	});

	test('a call that both the newest-first and the backwards reading skip at activation is found by the third reading', async () => {
		const long = many('long', 250, 0, 'in_progress');
		const log = new FakeCallLog().add(...long, ...many('short', 400, 1000));
		const endedMeanwhile = ['long249', 'long248', 'long247', 'long246', 'long245'];
		let runningReads = 0;
		log.beforePage = (entry) => {
			if (entry.query.status !== 'in_progress') return;
			runningReads++;
			// Newest first, before page 2: the 5 newest end, and long149 to long145 move up onto page 1, read already.
			if (runningReads === 2) endedMeanwhile.forEach((id) => log.finish(id));
			// Backwards (pages 3, 2, 1), before page 1: 5 new calls push long149 to long145 down onto page 2, read already.
			if (runningReads === 6) log.add(...many('new', 5, 2000, 'in_progress'));
		};
		const state = await activate(log);
		log.beforePage = undefined;
		expect(runningReads).toBeGreaterThanOrEqual(7);

		for (const call of long)
			if (!endedMeanwhile.includes(call.id)) log.finish(call.id, 'voicemail');
		const result = await checkCallLog(log.read, state, everyCall);
		expect(result.notes).toEqual([]);
		expect(ids(result)).toEqual(names(long));
	});

	test('a burst of calls created while activation reads the newest calls does not hide a call in progress listed before it', async () => {
		const log = new FakeCallLog().add(
			...many('short', 250, 0).map((spec) => ({ ...spec, second: 280 })),
		);
		const burst = many('burst', 300, 0).map((spec) => ({ ...spec, second: 400 }));
		log.beforePage = (entry) => {
			if (entry.query.status !== undefined) return;
			if (entry.page === 1) log.add({ id: 'R', second: 300 });
			// Pushes the calls already read onto page 3, and newer calls with them.
			if (entry.page === 3) log.add(...burst);
		};
		const state = await activate(log);
		log.beforePage = undefined;

		log.finish('R', 'picked');
		const result = await checkCallLog(log.read, state, everyCall);
		// Page 3 showed burst099 to burst000; the others are newer than anything the activation settled.
		expect(ids(result)).toEqual(['R', ...names(burst).slice(100)]);
	});

	test('the agent, campaign and call type filters go with every listing; the status filter never does', async () => {
		const settings: CallLogSettings = {
			scope: { agent_uuid: 'agent_two', campaign_id: 7, call_type: 'inbound' },
			statuses: ['picked'],
		};
		const log = new FakeCallLog().add({
			id: 'long',
			second: 0,
			agent: 'agent_two',
			campaignId: 7,
			callType: 'inbound',
		});
		const mine = (id: string, second: number, status = 'picked'): CallSpec => ({
			id,
			second,
			status,
			agent: 'agent_two',
			campaignId: 7,
			callType: 'inbound',
		});
		log.add(...many('other', 350, 1).map((spec) => ({ ...spec, agent: 'agent_one' })));
		log.add(...Array.from({ length: 320 }, (_, index) => mine(`m${index}`, 400 + index, 'busy')));
		let state = await activate(log, settings);
		log.add(mine('new', 1000), { id: 'not-mine', second: 1001, status: 'picked' });
		log.finish('long', 'picked');
		log.clearReads();

		const result = await checkCallLog(log.read, state, settings);

		expect(ids(result)).toEqual(['long', 'new']);
		const scope = { agent_uuid: 'agent_two', campaign_id: 7, call_type: 'inbound' };
		expect(log.reads.map((entry) => entry.query)).toEqual([
			scope,
			{ ...scope, status: 'in_progress' },
			{ ...scope, phone_number: expect.any(String) },
		]);
		state = stored(result.state);
		expect(readState(state, scopeKey(scope))).toEqual(result.state);
	});

	test('a state that is not this version’s, or is damaged, starts from now instead of guessing', async () => {
		const log = new FakeCallLog().add({ id: 'a', second: 0, status: 'picked' });
		for (const damaged of [
			{ version: 2, scope: '[]', sinceMs: 0, settled: [], pending: [] },
			{ version: 1, scope: '[]', sinceMs: 'yesterday', settled: [], pending: [] },
			{ version: 1, scope: '[]', sinceMs: 0, settled: [1], pending: [] },
			{ version: 1, scope: '[]', sinceMs: 0, settled: [], pending: [{ id: 'x' }] },
			'text',
			null,
		]) {
			const result = await checkCallLog(log.read, damaged, everyCall);
			expect({ damaged, started: result.started, reports: ids(result) }).toEqual({
				damaged,
				started: true,
				reports: [],
			});
		}
	});

	test('a listing that never ends is cut off with an error after 1000 pages, before reporting anything', async () => {
		let served = 0;
		const endless: typeof FakeCallLog.prototype.read = async (_query, page, perPage) =>
			Array.from({ length: perPage }, (_, index) => ({
				call_id: `endless-${page}-${index}`,
				status: 'picked' as const,
				created_at: '2026-07-01T10:00:00+05:30',
				served: ++served,
			}));
		const state = { version: 1, scope: scopeKey({}), sinceMs: null, settled: [], pending: [] };

		await expect(checkCallLog(endless, state, everyCall)).rejects.toThrow(
			'OSVI listed more than 1000 pages of calls in one check; nothing was reported, the next check tries again',
		);
		expect(served).toBe(100_000);
	});

	test('a log whose calls have no readable created_at at all cannot be started from: a clear error', async () => {
		const log = new FakeCallLog().add({ id: 'a', second: 0, status: 'picked', createdAt: 'soon' });
		await expect(checkCallLog(log.read, undefined, everyCall)).rejects.toThrow(
			'OSVI listed calls without a readable created_at, so the trigger cannot tell which calls are new; nothing was reported',
		);
	});
});

describe('OSVI Call Log Trigger: thousands of calls over many checks', () => {
	// A small PRNG, so that a failure can be replayed.
	function random(seed: number) {
		let value = seed;
		return () => {
			value = (value * 1_103_515_245 + 12_345) % 2 ** 31;
			return value / 2 ** 31;
		};
	}

	test('every call that ends after activation is reported exactly once; the state and the reads stay bounded', async () => {
		const next = random(20260701);
		const statuses = ['picked', 'not_picked', 'busy', 'failed', 'voicemail'];
		const log = new FakeCallLog().add(...many('history', 150, -1000), {
			id: 'h-running',
			second: -10,
		});
		let state = await activate(log);
		const running = new Map<string, number>([['h-running', 30]]);
		const endedAfterActivation = new Set<string>(['h-running']);
		const reported: string[] = [];
		let second = 0;
		let created = 0;
		let largestSettled = 0;
		let largestPending = 0;
		let largestState = 0;
		let mostReads = 0;
		let mostReadsAllowed = 0;

		for (let check = 0; check < 400; check++) {
			// Between two checks: up to 40 new calls (several in one second, some ending at once), and calls ending.
			const arrivals = Math.floor(next() * 41);
			for (let index = 0; index < arrivals; index++) {
				if (next() < 0.5) second += 1;
				const id = `call-${created++}`;
				if (next() < 0.2) {
					log.add({ id, second, status: statuses[Math.floor(next() * statuses.length)] });
					endedAfterActivation.add(id);
				} else {
					log.add({ id, second });
					// Most calls last a check or three; some run on for hundreds of calls.
					running.set(id, next() < 0.05 ? 20 + Math.floor(next() * 60) : Math.floor(next() * 3));
				}
			}
			for (const [id, checksLeft] of running) {
				if (checksLeft > 0) {
					running.set(id, checksLeft - 1);
					continue;
				}
				log.finish(id, statuses[Math.floor(next() * statuses.length)]);
				running.delete(id);
				endedAfterActivation.add(id);
			}

			log.clearReads();
			const pendingBefore = (state as CallLogState).pending.length;
			const result = await checkCallLog(log.read, state, everyCall);
			expect(result.notes).toEqual([]);
			reported.push(...ids(result));
			// The calls since the previous check (≤ 40) plus the window (≤ 300): 5 pages. While calls are pending:
			// those in progress back to the oldest of them (pending, window and new ones), at most 23 pages of
			// finished calls and 50 lookups.
			const allowed =
				5 +
				(pendingBefore === 0
					? 0
					: Math.ceil((pendingBefore + 340) / 100) +
						1 +
						limits.maxFinishedPages +
						limits.maxLookups);
			expect({ check, readsWithinBound: log.reads.length <= allowed }).toEqual({
				check,
				readsWithinBound: true,
			});
			mostReadsAllowed = Math.max(mostReadsAllowed, allowed);
			state = stored(result.state);
			largestSettled = Math.max(largestSettled, result.state.settled.length);
			largestPending = Math.max(largestPending, result.state.pending.length);
			largestState = Math.max(largestState, JSON.stringify(result.state).length);
			mostReads = Math.max(mostReads, log.reads.length);
		}
		for (const id of running.keys()) log.finish(id, 'picked');
		for (const id of running.keys()) endedAfterActivation.add(id);
		reported.push(...ids(await checkCallLog(log.read, state, everyCall)));

		expect(created).toBeGreaterThan(7000);
		expect(new Set(reported).size).toBe(reported.length);
		expect([...reported].sort()).toEqual([...endedAfterActivation].sort());
		expect(largestSettled).toBeLessThanOrEqual(limits.maxWindow);
		expect(largestPending).toBeLessThanOrEqual(limits.maxPending);
		// About 300 IDs and the few calls pending in this run: well under 40 kB of static data.
		expect(largestState).toBeLessThan(40_000);
		expect(mostReads).toBeLessThanOrEqual(mostReadsAllowed);
	});
});

describe('OSVI Call Log Trigger: a manual test run', () => {
	test('asks OSVI for its most recent finished call that matches, one call, with the filters', async () => {
		const log = new FakeCallLog().add(
			{ id: 'busy', second: 0, status: 'busy' },
			{ id: 'picked', second: 1, status: 'picked', agent: 'agent_two' },
			{ id: 'running', second: 2 },
		);
		expect((await latestFinishedCall(log.read, everyCall))?.call_id).toBe('picked');
		expect((await latestFinishedCall(log.read, { scope: {}, statuses: ['busy'] }))?.call_id).toBe(
			'busy',
		);
		expect(
			await latestFinishedCall(log.read, {
				scope: { agent_uuid: 'agent_two' },
				statuses: ['busy'],
			}),
		).toBeUndefined();
		expect(log.reads).toEqual([
			{ query: { status: 'picked,not_picked,failed,busy,voicemail' }, page: 1, perPage: 1 },
			{ query: { status: 'busy' }, page: 1, perPage: 1 },
			{ query: { agent_uuid: 'agent_two', status: 'busy' }, page: 1, perPage: 1 },
		]);
	});
});
