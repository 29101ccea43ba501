import { sleep } from 'n8n-workflow';
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { Osvi } from '../../../../../nodes/Osvi/Osvi.node';

import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../../harness/osviWorkflow';
import { runWorkflow, startWorkflow } from '../../../../harness/runWorkflow';

let sandbox: Sandbox;
let agentId: string;

const isCallRead = (method: string, path: string) =>
	method === 'GET' && /^\/v1\/call\/[^/\s]+$/.test(path);

/**
 * For each `GET /v1/call/{id}` the sandbox answered, in that order: how many such reads had arrived by then. The
 * sandbox logs synchronously as it answers, so `arrived - finishedBefore` is how many reads it was working on
 * just then; the number under way only falls when one is answered, so the largest of these is its peak.
 */
let finishedReads: number[] = [];

beforeAll(async () => {
	sandbox = await startSandbox({
		callCount: 20,
		log(line) {
			const [method, path] = line.split(' ');
			if (!isCallRead(method, path)) return;
			const arrived = sandbox
				.requests()
				.filter((request) => isCallRead(request.method, request.path));
			finishedReads.push(arrived.length);
		},
	});
	agentId = sandbox.snapshot().agents.find((agent) => !agent.archived)!.agent_id;
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
	sandbox.reset();
	finishedReads = [];
});

const mostReadsInFlight = () =>
	Math.max(...finishedReads.map((arrived, finishedBefore) => arrived - finishedBefore));

function initiateAndWait(extra: INodeParameters = {}): INodeParameters {
	return {
		resource: 'call',
		operation: 'initiateAndWait',
		agentId: { __rl: true, mode: 'list', value: agentId },
		phoneNumber: '={{ $json.phone }}',
		countryCode: 'IN',
		...extra,
	};
}

async function run(
	items: IDataObject[],
	extra: INodeParameters,
	options: { continueOnFail?: boolean } = {},
) {
	const started = Date.now();
	const result = await runWorkflow(
		osviWorkflow(initiateAndWait(extra), { items, ...options }),
		sandboxCredentials(sandbox),
	);
	return { ...result, elapsedMs: Date.now() - started };
}

const posts = () => sandbox.requests().filter((request) => request.method === 'POST');

function postedBodies() {
	return posts()
		.map((request) => request.body as IDataObject)
		.sort((a, b) => String(a.phone_number).localeCompare(String(b.phone_number)));
}

const requestsTo = (path: string) =>
	sandbox.requests().filter((request) => request.method === 'GET' && request.path === path);

const listRequests = () => requestsTo('/v1/calls');

/** The call the node placed to this number, as the sandbox holds it now (as GET /v1/call/{id} answers it). */
function placedCall(e164: string) {
	const { calls, placedCalls } = sandbox.snapshot();
	const placedIds = new Set(placedCalls.map((placed) => placed.call_id));
	const call = calls.find(
		(candidate) => placedIds.has(candidate.call_id) && candidate.phone_number === e164,
	);
	if (!call) throw new Error(`No call placed to ${e164}`);
	return call;
}

async function transcriptOf(callId: string): Promise<unknown> {
	const response = await fetch(`${sandbox.url}/v1/call/${callId}/transcript`, {
		headers: { 'API-Token': sandbox.token },
	});
	const body = (await response.json()) as { data: { transcript: unknown } };
	return body.data.transcript;
}

/** Reads of one call while waiting at a 1 s poll interval (jitter ±10%): at most one per 0.9 s, and one more. */
const readCeiling = (durationMs: number) => Math.ceil(durationMs / 900) + 1;

describe('Call → Initiate and Wait', () => {
	test('places one call per item and outputs each call, in input order, once it has ended, with its transcript', async () => {
		sandbox.planCalls([
			{ phoneNumber: '9876543210', durationMs: 1500 },
			{ phoneNumber: '4155550100', durationMs: 2500, outcome: 'voicemail' },
			{ phoneNumber: '9876543218', durationMs: 300 },
		]);
		const rows = [
			{ phone: '98765 43210', name: 'Asha Rao' },
			{ phone: '+1 415 555 0100', name: 'John Doe' },
			{ phone: '098765-43218', name: 'Ravi Kumar' },
		];

		const { output, elapsedMs } = await run(rows, {
			additionalFields: { personName: '={{ $json.name }}' },
			waitOptions: { pollIntervalSeconds: 1, includeTranscript: true },
		});

		expect(postedBodies()).toEqual([
			{
				agent_uuid: agentId,
				phone_number: '4155550100',
				country_code: 'US',
				person_name: 'John Doe',
			},
			{
				agent_uuid: agentId,
				phone_number: '9876543210',
				country_code: 'IN',
				person_name: 'Asha Rao',
			},
			{
				agent_uuid: agentId,
				phone_number: '9876543218',
				country_code: 'IN',
				person_name: 'Ravi Kumar',
			},
		]);
		const picked = placedCall('+919876543210');
		const voicemail = placedCall('+14155550100');
		const busy = placedCall('+919876543218');
		expect([picked.status, voicemail.status, busy.status]).toEqual(['picked', 'voicemail', 'busy']);
		expect(picked.summary).toEqual(expect.any(String));

		const transcripts = await Promise.all(
			[picked, voicemail, busy].map(async (call) => await transcriptOf(call.call_id)),
		);
		expect(transcripts.map((turns) => (turns as unknown[]).length)).toEqual([4, 1, 0]);
		expect(output(osviNodeName)).toEqual([
			{
				json: {
					...picked,
					phone_number: '9876543210',
					country_code: 'IN',
					wait_timed_out: false,
					transcript: transcripts[0],
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					...voicemail,
					phone_number: '4155550100',
					country_code: 'US',
					wait_timed_out: false,
					transcript: transcripts[1],
				},
				pairedItem: { item: 1 },
			},
			{
				json: {
					...busy,
					phone_number: '9876543218',
					country_code: 'IN',
					wait_timed_out: false,
					transcript: transcripts[2],
				},
				pairedItem: { item: 2 },
			},
		]);

		// Calls are waited for together: about as long as the longest call plus one poll interval.
		expect(elapsedMs).toBeLessThan(2500 + 1100 + 1500);
		for (const [call, durationMs] of [
			[picked, 1500],
			[voicemail, 2500],
			[busy, 300],
		] as const) {
			const reads = requestsTo(`/v1/call/${call.call_id}`).length;
			expect(reads).toBeGreaterThanOrEqual(1);
			expect(reads).toBeLessThanOrEqual(readCeiling(durationMs));
			// The node read each transcript once; the test itself read it once more above.
			expect(requestsTo(`/v1/call/${call.call_id}/transcript`)).toHaveLength(2);
		}
		expect(listRequests()).toEqual([]);
	});

	test('waits for twenty calls together, about as long as the longest, within a ceiling of reads per call', async () => {
		sandbox.configure({ callDurationMs: 2000 });
		const rows = Array.from({ length: 20 }, (_, index) => ({
			phone: `98765 432${String(index).padStart(2, '0')}`,
		}));

		const { output, elapsedMs } = await run(rows, { waitOptions: { pollIntervalSeconds: 1 } });

		expect(posts()).toHaveLength(20);
		expect(new Set(posts().map((request) => (request.body as IDataObject).phone_number)).size).toBe(
			20,
		);
		const items = output(osviNodeName);
		expect(items.map((item) => item.pairedItem)).toEqual(rows.map((_, item) => ({ item })));
		expect(items.map((item) => item.json.wait_timed_out)).toEqual(rows.map(() => false));
		expect(items.map((item) => item.json.phone_number)).toEqual(
			rows.map((row) => row.phone.replace(/\s/g, '')),
		);
		expect(items.every((item) => item.json.status !== 'in_progress')).toBe(true);
		expect(elapsedMs).toBeLessThan(2000 + 1100 + 2000);
		for (const item of items) {
			expect(requestsTo(`/v1/call/${String(item.json.call_id)}`).length).toBeLessThanOrEqual(
				readCeiling(2000),
			);
		}
	});

	test('waits for thirty calls with at most 10 reads of GET /v1/call/{id} at a time, and reaches 10', async () => {
		sandbox.configure({ callDurationMs: 2500 });
		// Slow reads (placing stays fast), so that the reads of calls due together overlap.
		sandbox.addFault({
			method: 'GET',
			path: '/v1/call/*',
			kind: 'delay',
			ms: 300,
			times: Infinity,
		});
		const rows = Array.from({ length: 30 }, (_, index) => ({
			phone: `98765 432${String(index).padStart(2, '0')}`,
		}));

		const { output } = await run(rows, { waitOptions: { pollIntervalSeconds: 1 } });

		expect(posts()).toHaveLength(30);
		const items = output(osviNodeName);
		expect(items.map((item) => item.json.wait_timed_out)).toEqual(rows.map(() => false));
		expect(items.every((item) => item.json.status !== 'in_progress')).toBe(true);
		expect(mostReadsInFlight()).toBe(10);
		expect(finishedReads.length).toBeGreaterThanOrEqual(30);
	});

	test('outputs a call still in progress at Max Wait with its last details and wait_timed_out, never dialling it again; a call never found becomes an error item', async () => {
		sandbox.planCalls([
			{ phoneNumber: '9876543211', neverFinish: true },
			{ phoneNumber: '9876543212', durationMs: 500 },
			{ phoneNumber: '9876543216', neverFinish: true, hiddenForMs: 60_000 },
		]);
		const rows = [{ phone: '98765 43211' }, { phone: '98765 43212' }, { phone: '98765 43216' }];

		const { output, elapsedMs } = await run(
			rows,
			{ waitOptions: { maxWaitMinutes: 0.1, pollIntervalSeconds: 1 } },
			{ continueOnFail: true },
		);

		expect(posts()).toHaveLength(3);
		expect(elapsedMs).toBeGreaterThanOrEqual(6000);
		expect(elapsedMs).toBeLessThan(6000 + 2500);
		const running = placedCall('+919876543211');
		const ended = placedCall('+919876543212');
		const hidden = placedCall('+919876543216');
		expect(running.status).toBe('in_progress');
		const [timedOutItem, endedItem, errorItem] = output(osviNodeName);
		expect(timedOutItem).toEqual({
			json: { ...running, phone_number: '9876543211', country_code: 'IN', wait_timed_out: true },
			pairedItem: { item: 0 },
		});
		expect(endedItem).toEqual({
			json: { ...ended, phone_number: '9876543212', country_code: 'IN', wait_timed_out: false },
			pairedItem: { item: 1 },
		});
		expect(errorItem.pairedItem).toEqual({ item: 2 });
		expect(errorItem.json.error).toMatch(
			new RegExp(
				`^OSVI accepted the call of item 2 \\(call_id ${hidden.call_id}\\) but could not find it within [67] seconds$`,
			),
		);
		expect(errorItem.json.description).toBe(
			'Neither its own route nor List calls (by agent, number and start time) found it. The call may be under way: check List calls for this phone number before running this item again, so that nobody is dialled twice.',
		);
		expect(requestsTo(`/v1/call/${running.call_id}`).length).toBeLessThanOrEqual(readCeiling(6000));
		// Looked for again by its ID, then (as a last resort) in the list.
		expect(requestsTo(`/v1/call/${hidden.call_id}`).length).toBeGreaterThanOrEqual(2);
		expect(requestsTo(`/v1/call/${hidden.call_id}`).length).toBeLessThanOrEqual(readCeiling(6000));
		expect(requestsTo(`/v1/call/${running.call_id}/transcript`)).toEqual([]);
	}, 20_000);

	test('looks again for a call OSVI cannot show yet, and reads an answered call again until its summary arrives', async () => {
		sandbox.planCalls([
			{ phoneNumber: '9876543213', hiddenForMs: 2500, durationMs: 3000 },
			{ phoneNumber: '9876543214', durationMs: 500, analysisDelayMs: 2000 },
		]);

		const { output } = await run([{ phone: '98765 43213' }, { phone: '98765 43214' }], {
			waitOptions: { pollIntervalSeconds: 1 },
		});

		const hidden = placedCall('+919876543213');
		const lateAnalysis = placedCall('+919876543214');
		expect(hidden.status).toBe('picked');
		expect(lateAnalysis.summary).toEqual(expect.any(String));
		expect(output(osviNodeName)).toEqual([
			{
				json: { ...hidden, phone_number: '9876543213', country_code: 'IN', wait_timed_out: false },
				pairedItem: { item: 0 },
			},
			{
				json: {
					...lateAnalysis,
					phone_number: '9876543214',
					country_code: 'IN',
					wait_timed_out: false,
				},
				pairedItem: { item: 1 },
			},
		]);
		expect(posts()).toHaveLength(2);
		expect(requestsTo(`/v1/call/${hidden.call_id}`).length).toBeLessThanOrEqual(readCeiling(3000));
		// Ended without its summary at the first read, then read again until the summary was there.
		expect(requestsTo(`/v1/call/${lateAnalysis.call_id}`).length).toBeGreaterThanOrEqual(2);
		expect(requestsTo(`/v1/call/${lateAnalysis.call_id}`).length).toBeLessThanOrEqual(
			readCeiling(2500),
		);
		expect(listRequests()).toEqual([]);
	});

	test('finds calls whose call_id from call creation cannot be read back in List calls, by agent, number and start time', async () => {
		sandbox.configure({ idStyle: 'short' });
		sandbox.planCalls([
			{ phoneNumber: '9876543210', durationMs: 1500 },
			{ phoneNumber: '9876543215', durationMs: 300 },
		]);

		const { output } = await run(
			[{ phone: '98765 43210' }, { phone: '98765 43210' }, { phone: '98765 43215' }],
			{ waitOptions: { pollIntervalSeconds: 1 }, options: { concurrency: 1 } },
		);

		expect(posts()).toHaveLength(3);
		// One at a time, so the sandbox's list of placed calls (newest first) is in item order when reversed.
		const placed = sandbox.snapshot().placedCalls.reverse();
		expect(placed.map((call) => call.returned_call_id)).toEqual([
			expect.stringMatching(/^call_[a-z0-9]{9}$/),
			expect.stringMatching(/^call_[a-z0-9]{9}$/),
			expect.stringMatching(/^call_[a-z0-9]{9}$/),
		]);
		const details = sandbox.snapshot().calls;
		const detailsOf = (callId: string) => details.find((call) => call.call_id === callId);
		expect(output(osviNodeName)).toEqual(
			placed.map((call, item) => ({
				json: {
					...detailsOf(call.call_id),
					phone_number: item < 2 ? '9876543210' : '9876543215',
					country_code: 'IN',
					wait_timed_out: false,
				},
				pairedItem: { item },
			})),
		);
		for (const call of placed) {
			expect(requestsTo(`/v1/call/${call.returned_call_id}`)).toHaveLength(1);
		}
		const lookups = listRequests();
		expect(lookups.length).toBeGreaterThanOrEqual(2);
		expect(lookups.length).toBeLessThanOrEqual(3);
		for (const lookup of lookups) {
			expect(lookup.query).toEqual({
				agent_uuid: agentId,
				phone_number: expect.stringMatching(/^987654321[05]$/),
				call_type: 'outbound',
				page: '1',
				per_page: '20',
			});
		}
	});

	test('keeps waiting through a read that fails with 503 (Max Retries 0) and reads the call again later', async () => {
		sandbox.planCalls({ phoneNumber: '9876543210', durationMs: 300 });
		sandbox.addFault({ method: 'GET', path: '/v1/call/*', kind: 'status', status: 503, times: 1 });

		const { output } = await run([{ phone: '98765 43210' }], {
			waitOptions: { pollIntervalSeconds: 1 },
			options: { maxRetries: 0 },
		});

		const call = placedCall('+919876543210');
		expect(output(osviNodeName)).toEqual([
			{
				json: { ...call, phone_number: '9876543210', country_code: 'IN', wait_timed_out: false },
				pairedItem: { item: 0 },
			},
		]);
		expect(requestsTo(`/v1/call/${call.call_id}`)).toHaveLength(2);
	});

	test('turns a read that OSVI refuses into an error item that says the call was placed', async () => {
		sandbox.planCalls({ phoneNumber: '9876543210', durationMs: 300 });
		sandbox.addFault({ method: 'GET', path: '/v1/call/*', kind: 'status', status: 403 });

		const { output } = await run(
			[{ phone: '98765 43210' }],
			{ waitOptions: { pollIntervalSeconds: 1 } },
			{ continueOnFail: true },
		);

		const call = placedCall('+919876543210');
		expect(posts()).toHaveLength(1);
		expect(output(osviNodeName)).toEqual([
			{
				json: {
					error: expect.stringMatching(/^OSVI refused access/),
					description: `The agent must belong to the OSVI account of the API token. Choose one of your agents from the list. The call of item 0 was placed (call_id ${call.call_id}): do not run this item again; look its outcome up with Get call or List calls.`,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('stops waiting at once when the execution is stopped, and says which calls were placed and which had ended', async () => {
		sandbox.planCalls([
			{ phoneNumber: '9876543210', durationMs: 300 },
			{ phoneNumber: '9876543211', neverFinish: true },
		]);
		const execution = startWorkflow(
			osviWorkflow(initiateAndWait({ waitOptions: { pollIntervalSeconds: 1 } }), {
				items: [{ phone: '98765 43210' }, { phone: '98765 43211' }],
			}),
			sandboxCredentials(sandbox),
		);
		// The first call has ended and been read (at about 1 s); the second runs on (Max Wait is 30 minutes).
		await sleep(2500);
		const stoppedAt = Date.now();
		execution.cancel();
		const { error } = await execution.settled;
		const stoppingMs = Date.now() - stoppedAt;

		expect(stoppingMs).toBeLessThan(500);
		const ended = placedCall('+919876543210');
		const running = placedCall('+919876543211');
		expect(error(osviNodeName)?.message).toBe(
			'The execution was stopped while waiting for calls to end',
		);
		expect(error(osviNodeName)?.description).toBe(
			`When it stopped, item 0 had ended (picked); the others had not. Calls were placed for item 0 (call_id ${ended.call_id}), item 1 (call_id ${running.call_id}): do not run these items again.`,
		);
		expect(posts()).toHaveLength(2);
		const requestsAfterStop = sandbox.requests().length;
		await sleep(1500);
		expect(sandbox.requests()).toHaveLength(requestsAfterStop);
	});

	test.each([
		['Poll Interval (Seconds)', 'abc', 'must be a whole number', 'pollIntervalSeconds', '5'],
		['Poll Interval (Seconds)', '0', 'must be 1 or more', 'pollIntervalSeconds', '5'],
		['Max Wait (Minutes)', 'soon', 'must be a number', 'maxWaitMinutes', '0.5'],
		['Max Wait (Minutes)', '0', 'must be 0.1 or more', 'maxWaitMinutes', '0.5'],
		['Max Wait (Minutes)', '2000', 'must be 1440 or less', 'maxWaitMinutes', '0.5'],
		['Include Transcript', 'maybe', 'must be true or false', 'includeTranscript', 'true'],
	])(
		'rejects %s when an expression gives item 1 "%s" (%s), before calling anyone',
		async (label, value, reason, option, valid) => {
			const { output, error } = await run(
				[
					{ phone: '98765 43210', value: valid },
					{ phone: '98765 43211', value },
				],
				{ waitOptions: { [option]: '={{ $json.value }}' } },
			);

			expect(sandbox.requests()).toEqual([]);
			expect(output(osviNodeName)).toEqual([]);
			expect(error(osviNodeName)?.message).toBe(`Invalid ${label} in item 1: ${reason}`);
			expect(error(osviNodeName)?.description).toBe(
				`Nothing was sent to OSVI for item 1. Correct the ${label} field and run the node again.`,
			);
		},
	);
});

describe('Call → Initiate and Wait in the node description', () => {
	const { properties } = new Osvi().description;
	const shownFor = (operation: string) =>
		properties.filter((property) => property.displayOptions?.show?.operation?.includes(operation));
	const named = (operation: string, name: string) =>
		shownFor(operation).find((property) => property.name === name) as INodeProperties;

	test('tells an AI agent that it places a real phone call and waits for the outcome', () => {
		const selector = properties.find(
			(property) =>
				property.name === 'operation' && property.displayOptions?.show?.resource?.includes('call'),
		);
		expect(selector?.options).toContainEqual(
			expect.objectContaining({
				value: 'initiateAndWait',
				name: 'Initiate and Wait',
				action: 'Initiate call and wait for outcome',
				description: expect.stringMatching(/^Place a real phone call now, then wait until it ends/),
			}),
		);
	});

	test('has every parameter of Initiate, by the same names, plus the Wait Options collection', () => {
		const names = (operation: string) => shownFor(operation).map((property) => property.name);
		expect(names('initiateAndWait')).toEqual([
			...names('initiate').filter((name) => name !== 'options'),
			'waitOptions',
			'options',
		]);
		expect(named('initiateAndWait', 'options').options).toEqual(
			named('initiate', 'options').options,
		);
		expect(named('initiateAndWait', 'waitOptions')).toMatchObject({
			type: 'collection',
			default: {},
		});
		expect(named('initiateAndWait', 'waitOptions').options).toEqual([
			expect.objectContaining({ name: 'includeTranscript', type: 'boolean', default: false }),
			expect.objectContaining({ name: 'maxWaitMinutes', type: 'number', default: 30 }),
			expect.objectContaining({ name: 'pollIntervalSeconds', type: 'number', default: 15 }),
		]);
	});
});
