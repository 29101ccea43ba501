import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { OsviCallLogTrigger } from '../../../nodes/OsviCallLogTrigger/OsviCallLogTrigger.node';
import type { CallDetail } from '../../../sandbox/core';
import { startSandbox } from '../../../sandbox/server';
import type { Sandbox } from '../../../sandbox/server';
import { PolledTrigger } from './pollHarness';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ callCount: 120 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

/** The calls as `GET /v1/calls` lists them right now, by ID (read straight from the sandbox). */
async function listedNow(): Promise<Map<string, IDataObject>> {
	const calls = new Map<string, IDataObject>();
	for (let page = 1; ; page++) {
		const response = await fetch(`${sandbox.url}/v1/calls?per_page=100&page=${page}`, {
			headers: { 'API-Token': sandbox.token, 'X-Test-Reader': 'yes' },
		});
		const { data } = (await response.json()) as { data: IDataObject[] };
		for (const call of data) calls.set(String(call.call_id), call);
		if (data.length < 100) return calls;
	}
}

/** Items as OSVI lists the given calls, in this order. */
async function asListed(calls: Array<Pick<CallDetail, 'call_id'>>) {
	const listed = await listedNow();
	return calls.map((call) => ({ json: listed.get(call.call_id) }));
}

/** What the trigger sent (not the test's own reads). */
function sentQueries() {
	return sandbox
		.requests()
		.filter((request) => request.headers['x-test-reader'] === undefined)
		.map((request) => ({ method: request.method, path: request.path, query: request.query }));
}

const listing = (query: Record<string, string>) => ({ method: 'GET', path: '/v1/calls', query });

async function activated(parameters = {}): Promise<PolledTrigger> {
	const trigger = new PolledTrigger(sandbox, parameters);
	expect(await trigger.check()).toEqual({ items: null, warnings: [] });
	sandbox.clearRequests();
	return trigger;
}

describe('OSVI Call Log Trigger description', () => {
	const { description } = new OsviCallLogTrigger();

	test('has the public names of the contract and polls', () => {
		expect(description).toMatchObject({
			name: 'osviCallLogTrigger',
			displayName: 'OSVI Call Log Trigger',
			version: 1,
			polling: true,
			group: ['trigger'],
			inputs: [],
			credentials: [{ name: 'osviApi', required: true }],
		});
		const byName = new Map(description.properties.map((property) => [property.name, property]));
		expect(byName.get('callStatus')).toMatchObject({ type: 'multiOptions', default: [] });
		expect(
			byName.get('callStatus')?.options?.map((option) => 'value' in option && option.value),
		).toEqual(['busy', 'failed', 'not_picked', 'picked', 'voicemail']);
		const filters = byName.get('filters') as INodeProperties;
		expect(filters.type).toBe('collection');
		expect(filters.options?.map((option) => option.name)).toEqual([
			'agentId',
			'callType',
			'campaignId',
		]);
	});
});

describe('OSVI Call Log Trigger polled against the sandbox', () => {
	test('on activation starts from now: reads the calls in progress and the newest page, reports nothing', async () => {
		const trigger = new PolledTrigger(sandbox);

		expect(await trigger.check()).toEqual({ items: null, warnings: [] });
		expect(sentQueries()).toEqual([
			listing({ status: 'in_progress', page: '1', per_page: '100' }),
			listing({ page: '1', per_page: '100' }),
		]);

		expect(trigger.infos).toEqual([
			'OSVI Call Log Trigger started from now: calls that finish from here on are reported',
		]);

		sandbox.clearRequests();
		expect(await trigger.check()).toEqual({ items: null, warnings: [] });
		expect(sentQueries()).toEqual([listing({ page: '1', per_page: '100' })]);
		expect(trigger.infos).toHaveLength(1);
	});

	test('reports each call that ends, once, exactly as GET /v1/calls lists it, whoever placed it', async () => {
		const seededRunning = sandbox.snapshot().calls.filter((call) => call.status === 'in_progress');
		expect(seededRunning.length).toBeGreaterThan(0);
		const trigger = await activated();
		const [quick, slow, unanswered] = sandbox.addCalls([{ durationMs: 20 }, {}, {}]);
		const ended = sandbox.addCall({ status: 'voicemail' });
		await sandbox.waitForCallEnd(quick.call_id, 2000);

		const first = await trigger.check();
		expect(first).toEqual({ items: await asListed([quick, ended]), warnings: [] });

		sandbox.finishCall(unanswered.call_id, { outcome: 'not_picked' });
		for (const call of seededRunning) sandbox.finishCall(call.call_id, { outcome: 'busy' });
		const second = await trigger.check();
		expect(second.items).toEqual(await asListed([...[...seededRunning].reverse(), unanswered]));
		// Nobody answered: no call_picked_at, so a date filter would never have found it.
		expect(second.items?.at(-1)?.json).toMatchObject({
			status: 'not_picked',
			call_picked_at: null,
		});

		expect(await trigger.check()).toEqual({ items: null, warnings: [] });
		sandbox.finishCall(slow.call_id, { outcome: 'picked' });
		expect(await trigger.check()).toEqual({ items: await asListed([slow]), warnings: [] });
		expect(await trigger.check()).toEqual({ items: null, warnings: [] });
		expect(sandbox.requests().every((request) => !('start_date' in request.query))).toBe(true);
	});

	test('reports hundreds of calls that ended between two checks, reading three pages of 100', async () => {
		const trigger = await activated();
		const added = sandbox.addCalls(
			Array.from({ length: 250 }, () => ({ status: 'picked' as const })),
		);

		const result = await trigger.check();

		expect(result.items).toEqual(await asListed(added));
		expect(sentQueries()).toEqual(
			[1, 2, 3].map((page) => listing({ page: String(page), per_page: '100' })),
		);
		expect(await trigger.check()).toEqual({ items: null, warnings: [] });
	});

	test('a check that fails on page 2 reports nothing and keeps its state; the next one reports every call once', async () => {
		const trigger = await activated();
		const added = sandbox.addCalls(
			Array.from({ length: 150 }, () => ({ status: 'busy' as const })),
		);
		const before = trigger.stored();
		// Page 1 passes; page 2 and each of its three retries get 503.
		sandbox.addFault([
			{ kind: 'delay', ms: 0, path: '/v1/calls', times: 1 },
			{ kind: 'status', status: 503, path: '/v1/calls', retryAfterSeconds: 0, times: 4 },
		]);

		await expect(trigger.check()).rejects.toMatchObject({
			message: expect.stringMatching(/^OSVI had a problem answering/),
			httpCode: '503',
		});
		expect(trigger.stored()).toEqual(before);
		expect(sentQueries().map((request) => request.query.page)).toEqual(['1', '2', '2', '2', '2']);

		const retried = await trigger.check();
		expect(retried.items).toEqual(await asListed(added));
		expect(await trigger.check()).toEqual({ items: null, warnings: [] });
	});

	test('after a restart (static data reloaded as stored) continues where it was: nothing repeated, nothing missed', async () => {
		const trigger = await activated();
		const [running] = sandbox.addCalls([{}]);
		const [picked] = sandbox.addCalls([{ status: 'picked' }]);
		expect((await trigger.check()).items).toEqual(await asListed([picked]));

		trigger.restart();
		sandbox.finishCall(running.call_id, { outcome: 'failed' });
		const [afterRestart] = sandbox.addCalls([{ status: 'not_picked' }]);
		expect((await trigger.check()).items).toEqual(await asListed([running, afterRestart]));
		trigger.restart();
		expect(await trigger.check()).toEqual({ items: null, warnings: [] });
	});

	test('after saving the active workflow (mode update) continues where it was; activating it again instead starts from now', async () => {
		const trigger = await activated();
		const [running, laterRunning] = sandbox.addCalls([{}, {}]);
		const [picked] = sandbox.addCalls([{ status: 'picked' }]);
		expect(await trigger.check()).toEqual({ items: await asListed([picked]), warnings: [] });

		trigger.saveWhileActive();
		sandbox.finishCall(running.call_id, { outcome: 'failed' });
		const [afterSave] = sandbox.addCalls([{ status: 'not_picked' }]);
		expect(await trigger.check()).toEqual({
			items: await asListed([running, afterSave]),
			warnings: [],
		});
		expect(await trigger.check()).toEqual({ items: null, warnings: [] });
		expect(trigger.infos).toEqual([
			'OSVI Call Log Trigger started from now: calls that finish from here on are reported',
		]);

		// The same situation after the user activates the workflow again: what ended meanwhile is not reported.
		sandbox.finishCall(laterRunning.call_id, { outcome: 'busy' });
		sandbox.addCalls([{ status: 'voicemail' }]);
		trigger.reactivate();
		expect(await trigger.check()).toEqual({ items: null, warnings: [] });
		expect(trigger.infos).toHaveLength(2);
	});

	test('activating the workflow again starts from now: calls that ended while it was inactive are not reported', async () => {
		const trigger = await activated();
		const [running] = sandbox.addCalls([{}]);
		expect(await trigger.check()).toEqual({ items: null, warnings: [] });

		sandbox.addCalls([{ status: 'picked' }, { status: 'busy' }]);
		const [stillRunning] = sandbox.addCalls([{}]);
		sandbox.finishCall(running.call_id, { outcome: 'picked' });
		trigger.reactivate();
		expect(await trigger.check()).toEqual({ items: null, warnings: [] });
		expect(trigger.infos).toEqual([
			'OSVI Call Log Trigger started from now: calls that finish from here on are reported',
			'OSVI Call Log Trigger started from now: calls that finish from here on are reported',
		]);

		sandbox.finishCall(stillRunning.call_id, { outcome: 'voicemail' });
		expect(await trigger.check()).toEqual({ items: await asListed([stillRunning]), warnings: [] });
	});

	test('cut-offs follow OSVI’s clock, not n8n’s: calls OSVI stamps three hours behind are reported', async () => {
		const behind = await startSandbox({ callCount: 20, now: () => Date.now() - 3 * 3_600_000 });
		try {
			const trigger = new PolledTrigger(behind);
			expect((await trigger.check()).items).toBeNull();
			const [call] = behind.addCalls([{ status: 'picked' }]);
			const items = (await trigger.check()).items;
			expect(items?.map((item) => item.json.call_id)).toEqual([call.call_id]);
		} finally {
			await behind.close();
		}
	});

	test('Call Status and Filters: the filters go to OSVI, the status is checked on each call', async () => {
		const agents = sandbox.snapshot().agents.filter((agent) => !agent.archived);
		const [mine, other] = [agents[0].agent_id, agents[1].agent_id];
		const trigger = await activated({
			callStatus: ['picked', 'voicemail'],
			filters: { agentId: mine, campaignId: 7, callType: 'outbound' },
		});
		const calls = sandbox.addCalls([
			{ agentUuid: mine, campaignId: 7, status: 'picked' },
			{ agentUuid: mine, campaignId: 7, status: 'busy' },
			{ agentUuid: other, campaignId: 7, status: 'picked' },
			{ agentUuid: mine, campaignId: 12, status: 'picked' },
			{ agentUuid: mine, campaignId: 7, callType: 'inbound', status: 'picked' },
			{ agentUuid: mine, campaignId: 7, status: 'voicemail' },
		]);

		expect((await trigger.check()).items).toEqual(await asListed([calls[0], calls[5]]));
		expect(sentQueries()).toEqual([
			listing({
				agent_uuid: mine,
				campaign_id: '7',
				call_type: 'outbound',
				page: '1',
				per_page: '100',
			}),
		]);
	});

	test('two checks at once (a slow one overlapped by the next): the second skips, nothing is reported twice', async () => {
		const trigger = await activated();
		const added = sandbox.addCalls([{ status: 'picked' }, { status: 'busy' }]);
		sandbox.setLatency(200);

		const [first, second] = await Promise.all([trigger.check(), trigger.check()]);

		expect(first.items).toEqual(await asListed(added));
		expect(second).toEqual({ items: null, warnings: [] });
		expect(trigger.infos.at(-1)).toBe(
			'OSVI Call Log Trigger skipped a check: the previous one is still running',
		);
		expect(await trigger.check()).toEqual({ items: null, warnings: [] });
	});

	test('logs what it gives up on: a call in progress that OSVI stops listing', async () => {
		const trigger = await activated();
		const [running] = sandbox.addCalls([{}]);
		sandbox.addCalls(Array.from({ length: 320 }, () => ({ status: 'picked' as const })));
		expect((await trigger.check()).items).toHaveLength(320);
		expect(JSON.stringify(trigger.stored())).toContain(running.call_id);
		sandbox.finishCall(running.call_id, { outcome: 'picked' });
		// The sandbox hides nothing it lists, so this stands for a call OSVI deleted: filter it out of every page.
		sandbox.addFault({
			kind: 'body',
			path: '/v1/calls',
			times: 'Infinity',
			set: { data: [] },
		});

		const result = await trigger.check();

		expect(result).toEqual({
			items: null,
			warnings: [
				`OSVI Call Log Trigger: Call ${running.call_id} was in progress but OSVI no longer lists it; it will not be reported`,
			],
		});
	});
});

describe('OSVI Call Log Trigger in a manual test run', () => {
	test('returns the most recent finished call that matches, in one request, and leaves the state alone', async () => {
		const trigger = await activated({ callStatus: ['busy'] });
		const before = trigger.stored();
		const [busy] = sandbox.addCalls([{ status: 'busy' }, { status: 'picked' }]);

		expect(await trigger.manual()).toEqual({ items: await asListed([busy]), warnings: [] });
		expect(sentQueries()).toEqual([listing({ status: 'busy', page: '1', per_page: '1' })]);
		expect(trigger.stored()).toEqual(before);
		expect((await trigger.check()).items).toEqual(await asListed([busy]));
	});

	test('without Call Status asks for every finished status', async () => {
		const trigger = new PolledTrigger(sandbox);
		const [ended] = sandbox.addCalls([{ status: 'not_picked' }, {}]);

		expect((await trigger.manual()).items).toEqual(await asListed([ended]));
		expect(sentQueries()).toEqual([
			listing({ status: 'picked,not_picked,failed,busy,voicemail', page: '1', per_page: '1' }),
		]);
	});

	test('says so clearly when no finished call matches yet', async () => {
		const trigger = new PolledTrigger(sandbox, { filters: { campaignId: 999 } });

		await expect(trigger.manual()).rejects.toMatchObject({
			message: 'No finished call matches yet',
			description:
				'OSVI lists no finished call that matches the Call Status and Filters of this trigger. Once a call has finished, fetch again; or widen the filters.',
		});
	});
});

describe('OSVI Call Log Trigger parameters and errors', () => {
	test.each([
		[
			{ callStatus: ['picked', 'in_progress'] },
			'Invalid Call Status: must be one of picked, not_picked, failed, busy, voicemail (got in_progress)',
		],
		[
			{ callStatus: 'picked, ringing' },
			'Invalid Call Status: must be one of picked, not_picked, failed, busy, voicemail (got ringing)',
		],
		[{ filters: { campaignId: -3 } }, 'Invalid Campaign ID: must be 1 or more'],
		[{ filters: { callType: 'outgoing' } }, 'Invalid Call Type: must be inbound or outbound'],
	])('rejects %j before sending anything', async (parameters, message) => {
		const trigger = new PolledTrigger(sandbox, parameters);

		await expect(trigger.check()).rejects.toMatchObject({
			message,
			description: expect.stringContaining('Nothing was sent to OSVI.'),
		});
		expect(sandbox.requests()).toEqual([]);
	});

	test('accepts statuses from an expression as text', async () => {
		const trigger = await activated({ callStatus: 'busy, failed' });
		const calls = sandbox.addCalls([
			{ status: 'busy' },
			{ status: 'picked' },
			{ status: 'failed' },
		]);
		expect((await trigger.check()).items).toEqual(await asListed([calls[0], calls[2]]));
	});

	test('an agent OSVI does not know is an error that says which filter to fix', async () => {
		const trigger = new PolledTrigger(sandbox, { filters: { agentId: 'agent_unknown' } });

		await expect(trigger.check()).rejects.toMatchObject({
			message: expect.stringContaining(
				'OSVI has no agent with the Agent ID of the trigger’s filters on your account',
			),
			httpCode: '404',
		});
	});
});
