import { sleep } from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../../../sandbox/server';
import type { Sandbox } from '../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../harness/osviWorkflow';
import { runWorkflow } from '../../../harness/runWorkflow';

/** When the sandbox finished with each API request (answered or dropped), in that order. */
let answeredAt: number[] = [];
let sandbox: Sandbox;
let agentId: string;
let seededCallCount: number;

beforeAll(async () => {
	sandbox = await startSandbox({
		callCount: 30,
		log: () => answeredAt.push(Date.now()),
	});
	agentId = sandbox.snapshot().agents.find((agent) => !agent.archived)!.agent_id;
	seededCallCount = sandbox.snapshot().calls.length;
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	answeredAt = [];
});

const mayOrMayNotHaveBeenPlaced =
	'The call may or may not have been placed. Check List calls for this phone number before running this item again, so that nobody is dialled twice.';

function reachedOsviWithoutAnswer(code: string) {
	return `The request reached OSVI, but no answer came back (${code}), so it was not repeated. ${mayOrMayNotHaveBeenPlaced}`;
}

function initiateParameters(options: INodeParameters = {}): INodeParameters {
	return {
		resource: 'call',
		operation: 'initiate',
		agentId: { __rl: true, mode: 'id', value: agentId },
		phoneNumber: '98765 43210',
		countryCode: 'IN',
		options,
	};
}

function listParameters(options: INodeParameters = {}): INodeParameters {
	return { resource: 'call', operation: 'list', returnAll: false, limit: 5, options };
}

const expectedBody = () => ({
	agent_uuid: agentId,
	phone_number: '9876543210',
	country_code: 'IN',
});

function posts() {
	return sandbox.requests().filter((request) => request.method === 'POST');
}

function gets() {
	return sandbox.requests().filter((request) => request.method === 'GET');
}

/** Calls the sandbox placed during the test: newest first, before the seeded ones. */
function placedCalls() {
	const calls = sandbox.snapshot().calls;
	return calls.slice(0, calls.length - seededCallCount);
}

async function firstFiveCalls() {
	const response = await fetch(`${sandbox.url}/v1/calls?page=1&per_page=5`, {
		headers: { 'API-Token': sandbox.token },
	});
	return ((await response.json()) as { data: IDataObject[] }).data;
}

async function waitUntil(condition: () => boolean, what: string) {
	const deadline = Date.now() + 5_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
		await sleep(10);
	}
}

async function run(parameters: INodeParameters, items?: IDataObject[], continueOnFail = false) {
	return await runWorkflow(
		osviWorkflow(parameters, { items, continueOnFail }),
		sandboxCredentials(sandbox),
	);
}

describe('Initiate call under OSVI faults', () => {
	test('retries a 429 with Retry-After on POST /call, so the call is placed exactly once', async () => {
		sandbox.addFault({
			method: 'POST',
			path: '/call',
			kind: 'status',
			status: 429,
			retryAfterSeconds: 0,
		});

		const { output, error } = await run(initiateParameters());

		expect(error(osviNodeName)).toBeUndefined();
		expect(posts().map((request) => request.body)).toEqual([expectedBody(), expectedBody()]);
		const placed = placedCalls();
		expect(placed.map((call) => call.phone_number)).toEqual(['+919876543210']);
		expect(output(osviNodeName)).toEqual([
			{
				json: { call_id: placed[0].call_id, phone_number: '9876543210', country_code: 'IN' },
				pairedItem: { item: 0 },
			},
		]);
	});

	test.each([500, 502, 503, 504])(
		'sends POST /call once on a %i and warns that the call may or may not have been placed',
		async (status) => {
			sandbox.addFault({ method: 'POST', path: '/call', kind: 'status', status, times: 5 });

			const { output, error } = await run(initiateParameters({ maxRetries: 3 }));

			expect(posts().map((request) => request.body)).toEqual([expectedBody()]);
			expect(output(osviNodeName)).toEqual([]);
			expect(error(osviNodeName)).toMatchObject({
				name: 'NodeApiError',
				message: `OSVI had a problem answering: Sandbox fault: HTTP ${status}`,
				description: mayOrMayNotHaveBeenPlaced,
				httpCode: String(status),
				context: { itemIndex: 0 },
			});
		},
	);

	test('sends POST /call once when the connection drops after the body, and says the call may have been placed', async () => {
		sandbox.addFault({ method: 'POST', path: '/call', kind: 'drop', times: 5 });

		const { output, error } = await run(initiateParameters());

		expect(posts().map((request) => request.body)).toEqual([expectedBody()]);
		expect(output(osviNodeName)).toEqual([]);
		expect(error(osviNodeName)).toMatchObject({
			name: 'NodeApiError',
			message: 'The connection to OSVI failed: the call may have been placed',
			description: reachedOsviWithoutAnswer('ECONNRESET'),
		});
	});

	test('sends POST /call once when OSVI answers after the Timeout, and OSVI did place that call', async () => {
		sandbox.addFault({ method: 'POST', path: '/call', kind: 'delay', ms: 400 });

		const { output, error } = await run(initiateParameters({ timeout: 100, maxRetries: 3 }));

		expect(posts().map((request) => request.body)).toEqual([expectedBody()]);
		expect(output(osviNodeName)).toEqual([]);
		expect(error(osviNodeName)).toMatchObject({
			name: 'NodeApiError',
			message: 'OSVI did not answer in time: the call may have been placed',
			description: reachedOsviWithoutAnswer('ECONNABORTED'),
		});
		// The late answer shows why a retry would have dialled the person twice.
		await waitUntil(() => answeredAt.length === 1, 'the sandbox answered the slow request');
		expect(placedCalls().map((call) => call.phone_number)).toEqual(['+919876543210']);
	});

	test('retries a refused connection, which never reached OSVI, and then reports it plainly', async () => {
		// Nothing listens on port 1, so the connection is refused before a byte is sent.
		const nobodyListening = { url: 'http://127.0.0.1:1', token: sandbox.token };
		const startedAt = Date.now();

		const { error } = await runWorkflow(
			osviWorkflow(initiateParameters({ maxRetries: 1 })),
			sandboxCredentials(nobodyListening),
		);

		// One backoff of 500 ms happened, so the request was tried twice.
		expect(Date.now() - startedAt).toBeGreaterThanOrEqual(450);
		expect(error(osviNodeName)).toMatchObject({
			name: 'NodeApiError',
			message: 'The connection to OSVI failed',
			description:
				'Check the Base URL of the OSVI API credential and your network, then try again (ECONNREFUSED).',
		});
	});

	test('fails with OSVI’s own message on a 200 with success:false, without retrying', async () => {
		sandbox.addFault({
			method: 'POST',
			path: '/call',
			kind: 'successFalse',
			message: 'Daily call quota reached',
		});

		const { output, error } = await run(initiateParameters());

		expect(posts()).toHaveLength(1);
		expect(output(osviNodeName)).toEqual([]);
		expect(error(osviNodeName)).toMatchObject({
			name: 'NodeApiError',
			message: 'OSVI answered with an error: Daily call quota reached',
			description: 'Check the parameters of this node, then try again.',
		});
	});

	test('fails on an answer that is not JSON, without retrying', async () => {
		sandbox.addFault({ method: 'POST', path: '/call', kind: 'malformedJson', times: 5 });

		const { error } = await run(initiateParameters());

		expect(posts()).toHaveLength(1);
		expect(error(osviNodeName)).toMatchObject({
			name: 'NodeApiError',
			message: 'OSVI answered with something that is not valid JSON',
		});
	});
});

describe('List calls under OSVI faults', () => {
	test('waits as long as Retry-After says after a 429 on GET /v1/calls, then returns the calls', async () => {
		sandbox.addFault({
			method: 'GET',
			path: '/v1/calls',
			kind: 'status',
			status: 429,
			retryAfterSeconds: 1,
		});

		const { output, error } = await run(listParameters());

		expect(error(osviNodeName)).toBeUndefined();
		expect(gets().map((request) => request.query)).toEqual([
			{ page: '1', per_page: '5' },
			{ page: '1', per_page: '5' },
		]);
		// Retry-After (1 s) wins over the first backoff step (500 ms).
		expect(answeredAt[1] - answeredAt[0]).toBeGreaterThanOrEqual(950);
		expect(output(osviNodeName).map((item) => item.json)).toEqual(await firstFiveCalls());
	});

	test.each([500, 502, 503, 504])(
		'recovers from two %i answers on GET /v1/calls by retrying',
		async (status) => {
			sandbox.addFault({
				method: 'GET',
				path: '/v1/calls',
				kind: 'status',
				status,
				retryAfterSeconds: 0,
				times: 2,
			});

			const { output, error } = await run(listParameters({ maxRetries: 2 }));

			expect(error(osviNodeName)).toBeUndefined();
			expect(gets()).toHaveLength(3);
			expect(output(osviNodeName).map((item) => item.json)).toEqual(await firstFiveCalls());
		},
	);

	test('recovers from a 500 without Retry-After by backing off and retrying', async () => {
		sandbox.addFault({ method: 'GET', path: '/v1/calls', kind: 'status', status: 500 });

		const { output } = await run(listParameters({ maxRetries: 1 }));

		expect(gets()).toHaveLength(2);
		expect(answeredAt[1] - answeredAt[0]).toBeGreaterThanOrEqual(450);
		expect(output(osviNodeName).map((item) => item.json)).toEqual(await firstFiveCalls());
	});

	test('retries a dropped connection on GET /v1/calls and returns the calls', async () => {
		sandbox.addFault({ method: 'GET', path: '/v1/calls', kind: 'drop' });

		const { output, error } = await run(listParameters({ maxRetries: 1 }));

		expect(error(osviNodeName)).toBeUndefined();
		expect(gets()).toHaveLength(2);
		expect(output(osviNodeName).map((item) => item.json)).toEqual(await firstFiveCalls());
	});

	test('retries a read that times out up to Max Retries, then says OSVI did not answer in time', async () => {
		sandbox.addFault({ method: 'GET', path: '/v1/calls', kind: 'delay', ms: 400, times: 2 });

		const { output, error } = await run(listParameters({ timeout: 100, maxRetries: 1 }));

		expect(gets()).toHaveLength(2);
		expect(output(osviNodeName)).toEqual([]);
		expect(error(osviNodeName)).toMatchObject({
			name: 'NodeApiError',
			message: 'OSVI did not answer in time',
			description: 'Raise the Timeout in Options, or try again later (ECONNABORTED).',
		});
	});

	test.each([
		[0, 503, 'OSVI had a problem answering', 'This is on OSVI’s side. Try again in a few minutes.'],
		[2, 503, 'OSVI had a problem answering', 'This is on OSVI’s side. Try again in a few minutes.'],
		[
			2,
			429,
			'OSVI is receiving too many requests',
			'Wait a moment and run the workflow again, or lower the concurrency or pacing in Options.',
		],
	])(
		'with Max Retries %i, sends exactly that many retries of a lasting %i and then explains it',
		async (maxRetries, status, message, description) => {
			sandbox.addFault({
				method: 'GET',
				path: '/v1/calls',
				kind: 'status',
				status,
				retryAfterSeconds: 0,
				times: Infinity,
			});

			const { output, error } = await run(listParameters({ maxRetries }));

			expect(gets()).toHaveLength(maxRetries + 1);
			expect(output(osviNodeName)).toEqual([]);
			expect(error(osviNodeName)).toMatchObject({
				name: 'NodeApiError',
				message: `${message}: Sandbox fault: HTTP ${status}`,
				description,
				httpCode: String(status),
			});
		},
	);

	test('fails with OSVI’s own message on a 200 with success:false, without retrying', async () => {
		sandbox.addFault({
			method: 'GET',
			path: '/v1/calls',
			kind: 'successFalse',
			message: 'Listing is paused for maintenance',
		});

		const { error } = await run(listParameters());

		expect(gets()).toHaveLength(1);
		expect(error(osviNodeName)).toMatchObject({
			name: 'NodeApiError',
			message: 'OSVI answered with an error: Listing is paused for maintenance',
			description: 'Check the parameters of this node, then try again.',
		});
	});

	test('says so when OSVI answers with malformed JSON', async () => {
		sandbox.addFault({ method: 'GET', path: '/v1/calls', kind: 'malformedJson' });

		const { output, error } = await run(listParameters());

		expect(gets()).toHaveLength(1);
		expect(output(osviNodeName)).toEqual([]);
		expect(error(osviNodeName)).toMatchObject({
			name: 'NodeApiError',
			message: 'OSVI answered with something that is not valid JSON',
			description:
				'Check that the Base URL of the OSVI API credential points at the OSVI API (https://api.osvi.ai) and not at a web page.',
			httpCode: '200',
		});
	});
});

describe('Initiate call over many items under OSVI faults', () => {
	test('with continue-on-fail, gives exactly one output item per input item in order, and dials nobody twice', async () => {
		const phones = Array.from({ length: 20 }, (_, index) => `98765 43${100 + index}`);
		const national = (phone: string) => phone.replace(' ', '');
		sandbox.addFault([
			{
				method: 'POST',
				path: '/call',
				kind: 'status',
				status: 429,
				retryAfterSeconds: 0,
				times: 2,
			},
			{ method: 'POST', path: '/call', kind: 'status', status: 503, times: 2 },
			{ method: 'POST', path: '/call', kind: 'drop', times: 2 },
		]);

		const { output, error } = await run(
			{ ...initiateParameters(), phoneNumber: '={{ $json.phone }}' },
			phones.map((phone) => ({ phone })),
			true,
		);

		expect(error(osviNodeName)).toBeUndefined();
		const items = output(osviNodeName);
		expect(items.map((item) => item.pairedItem)).toEqual(
			phones.map((_, index) => ({ item: index })),
		);

		// Each 429 costs one extra POST; a 503 or a dropped connection is never sent again.
		const postsPerPhone = new Map(phones.map((phone) => [national(phone), 0]));
		for (const request of posts()) {
			const phone = (request.body as { phone_number: string }).phone_number;
			postsPerPhone.set(phone, (postsPerPhone.get(phone) ?? 0) + 1);
		}
		expect(postsPerPhone.size).toBe(20);
		expect([...postsPerPhone.values()].reduce((sum, count) => sum + count, 0)).toBe(22);
		expect([...postsPerPhone.values()].every((count) => count >= 1)).toBe(true);

		const callIdByPhone = new Map(
			placedCalls().map((call) => [call.phone_number.replace('+91', ''), call.call_id]),
		);
		expect(callIdByPhone.size).toBe(16);
		expect(placedCalls()).toHaveLength(16);

		const outcomes = { placed: 0, serverError: 0, dropped: 0 };
		for (const [index, item] of items.entries()) {
			const phone = national(phones[index]);
			if ('call_id' in item.json) {
				outcomes.placed += 1;
				expect(item.json).toEqual({
					call_id: callIdByPhone.get(phone),
					phone_number: phone,
					country_code: 'IN',
				});
			} else if (item.json.error === 'OSVI had a problem answering: Sandbox fault: HTTP 503') {
				outcomes.serverError += 1;
				expect(item.json).toEqual({
					error: 'OSVI had a problem answering: Sandbox fault: HTTP 503',
					description: mayOrMayNotHaveBeenPlaced,
				});
				expect(callIdByPhone.has(phone)).toBe(false);
			} else {
				outcomes.dropped += 1;
				expect(item.json).toEqual({
					error: 'The connection to OSVI failed: the call may have been placed',
					description: reachedOsviWithoutAnswer('ECONNRESET'),
				});
				expect(callIdByPhone.has(phone)).toBe(false);
			}
		}
		expect(outcomes).toEqual({ placed: 16, serverError: 2, dropped: 2 });
	});
});
