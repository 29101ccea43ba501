import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../../harness/osviWorkflow';
import { runWorkflow } from '../../../../harness/runWorkflow';

/**
 * One entry per API request the sandbox finished with, in that order: when, and how many requests had
 * arrived by then. The sandbox logs synchronously as it answers, and a client's next request can only come
 * after an answer, so `arrived - finishedBefore` is exactly how many requests OSVI was working on.
 */
let finished: Array<{ at: number; arrived: number }> = [];
let sandbox: Sandbox;
let agentId: string;
let seededCallCount: number;

beforeAll(async () => {
	sandbox = await startSandbox({
		callCount: 1000,
		log: () => finished.push({ at: Date.now(), arrived: sandbox.requests().length }),
	});
	agentId = sandbox.snapshot().agents.find((agent) => !agent.archived)!.agent_id;
	seededCallCount = sandbox.snapshot().calls.length;
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	finished = [];
});

function mostRequestsInFlight(): number {
	return Math.max(...finished.map(({ arrived }, finishedBefore) => arrived - finishedBefore));
}

const phones = (count: number) =>
	Array.from({ length: count }, (_, index) => `98765 43${100 + index}`);
const national = (phone: string) => phone.replace(' ', '');

function initiateParameters(options: INodeParameters = {}): INodeParameters {
	return {
		resource: 'call',
		operation: 'initiate',
		agentId: { __rl: true, mode: 'id', value: agentId },
		phoneNumber: '={{ $json.phone }}',
		countryCode: 'IN',
		options,
	};
}

async function initiate(items: string[], options: INodeParameters = {}) {
	return await runWorkflow(
		osviWorkflow(initiateParameters(options), { items: items.map((phone) => ({ phone })) }),
		sandboxCredentials(sandbox),
	);
}

function postedPhones(): string[] {
	return sandbox
		.requests()
		.filter((request) => request.method === 'POST')
		.map((request) => (request.body as { phone_number: string }).phone_number);
}

/** Calls the sandbox placed during the test, keyed by national number. */
function placedCallIds(): Map<string, string> {
	const calls = sandbox.snapshot().calls;
	return new Map(
		calls
			.slice(0, calls.length - seededCallCount)
			.map((call) => [call.phone_number.replace('+91', ''), call.call_id]),
	);
}

function expectOneCallPerItemInOrder(items: string[], output: INodeExecutionData[]) {
	const callIds = placedCallIds();
	expect(callIds.size).toBe(items.length);
	expect(output).toEqual(
		items.map((phone, index) => ({
			json: {
				call_id: callIds.get(national(phone)),
				phone_number: national(phone),
				country_code: 'IN',
			},
			pairedItem: { item: index },
		})),
	);
}

describe('Initiate call at scale', () => {
	test('places at most Concurrent Calls at once, uses all of them, and keeps the input order', async () => {
		sandbox.setLatency(150);
		// The first call to arrive is answered last of its batch, so answers come back out of order.
		sandbox.addFault({ method: 'POST', path: '/call', kind: 'delay', ms: 300 });
		const items = phones(9);

		const run = await initiate(items, { concurrency: 3 });

		expect(run.error(osviNodeName)).toBeUndefined();
		expect(postedPhones().sort()).toEqual(items.map(national));
		expect(mostRequestsInFlight()).toBe(3);
		expectOneCallPerItemInOrder(items, run.output(osviNodeName));
	});

	test('places 5 calls at once by default', async () => {
		sandbox.setLatency(150);
		const items = phones(10);

		const run = await initiate(items);

		expect(postedPhones()).toHaveLength(10);
		expect(mostRequestsInFlight()).toBe(5);
		expectOneCallPerItemInOrder(items, run.output(osviNodeName));
	});

	test.each([
		['10 per second', { rateLimit: 10, rateLimitPeriod: 'second' }],
		['600 per minute', { rateLimit: 600, rateLimitPeriod: 'minute' }],
	])(
		'starts the k-th call no sooner than k × 100 ms after the run began at %s, even with room for 5 at once',
		async (_, pacing) => {
			const items = phones(5);
			const startedAt = Date.now();

			const run = await initiate(items, { concurrency: 5, ...pacing });

			expect(postedPhones()).toHaveLength(5);
			// A lower bound only, so a slow machine cannot fail it; 20 ms allow for a timer that fires early.
			const sinceStart = finished.map(({ at }) => at - startedAt);
			for (const [k, elapsed] of sinceStart.entries()) {
				expect(elapsed).toBeGreaterThanOrEqual(k * 100 - 20);
			}
			expectOneCallPerItemInOrder(items, run.output(osviNodeName));
		},
	);

	test('starts no new call after a failure without continue-on-fail, and lets the running call finish', async () => {
		// Of the first two calls, one fails at once and the other is still running when it does.
		sandbox.addFault([
			{ method: 'POST', path: '/call', kind: 'status', status: 503 },
			{ method: 'POST', path: '/call', kind: 'delay', ms: 300 },
		]);
		const items = phones(6);

		const run = await initiate(items, { concurrency: 2 });

		const posted = postedPhones();
		expect(posted).toHaveLength(2);
		const [failedPhone, runningPhone] = posted;
		expect(items.slice(0, 2).map(national).sort()).toEqual([...posted].sort());
		expect(run.output(osviNodeName)).toEqual([]);
		expect(run.error(osviNodeName)).toMatchObject({
			message: 'OSVI had a problem answering: Sandbox fault: HTTP 503',
			context: { itemIndex: items.map(national).indexOf(failedPhone) },
		});
		expect([...placedCallIds().keys()]).toEqual([runningPhone]);
	});
});

describe('List calls at scale', () => {
	/** What OSVI itself answers, read straight from the sandbox without latency, page by page. */
	async function callsFromOsvi(pages: number[]) {
		sandbox.setLatency(0);
		const calls: IDataObject[] = [];
		for (const page of pages) {
			const response = await fetch(`${sandbox.url}/v1/calls?page=${page}&per_page=100`, {
				headers: { 'API-Token': sandbox.token },
			});
			calls.push(...((await response.json()) as { data: IDataObject[] }).data);
		}
		return calls;
	}

	async function list(parameters: INodeParameters) {
		return await runWorkflow(
			osviWorkflow({ resource: 'call', operation: 'list', ...parameters }),
			sandboxCredentials(sandbox),
		);
	}

	const queries = () => sandbox.requests().map((request) => request.query);

	test('Return All over 1,000 calls reads page 1, then pages 2 to 10 once each, 6 at a time, in OSVI’s order', async () => {
		sandbox.setLatency(100);

		const run = await list({ returnAll: true });

		const sent = queries();
		expect(sent[0]).toEqual({ page: '1', per_page: '100' });
		// Page 1 was answered before any other page was asked for.
		expect(finished[0].arrived).toBe(1);
		expect(sent.slice(1).sort((a, b) => Number(a.page) - Number(b.page))).toEqual(
			[2, 3, 4, 5, 6, 7, 8, 9, 10].map((page) => ({ page: String(page), per_page: '100' })),
		);
		expect(mostRequestsInFlight()).toBe(6);

		const expected = await callsFromOsvi([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(expected).toHaveLength(1000);
		expect(new Set(expected.map((call) => call.call_id)).size).toBe(1000);
		expect(run.output(osviNodeName)).toEqual(
			expected.map((json) => ({ json, pairedItem: { item: 0 } })),
		);
	});

	test('a Limit of 250 reads exactly pages 1 to 3 of 100 and returns the first 250 calls', async () => {
		const run = await list({ returnAll: false, limit: 250 });

		expect(queries()[0]).toEqual({ page: '1', per_page: '100' });
		expect([...queries()].sort((a, b) => Number(a.page) - Number(b.page))).toEqual(
			[1, 2, 3].map((page) => ({ page: String(page), per_page: '100' })),
		);
		const expected = (await callsFromOsvi([1, 2, 3])).slice(0, 250);
		expect(run.output(osviNodeName).map((item) => item.json)).toEqual(expected);
	});
});
