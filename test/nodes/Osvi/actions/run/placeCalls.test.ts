import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../../harness/osviWorkflow';
import { runWorkflow } from '../../../../harness/runWorkflow';

// Placing calls stops after a failure and says what was placed (issue 8, defect 3); options from expressions are
// checked like parameters (defect 4).
let sandbox: Sandbox;
let agentId: string;
let archivedAgentId: string;

beforeAll(async () => {
	sandbox = await startSandbox({ callCount: 10 });
	const { agents } = sandbox.snapshot();
	agentId = agents.find((agent) => !agent.archived)!.agent_id;
	archivedAgentId = agents.find((agent) => agent.archived)!.agent_id;
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const phones = ['98765 43210', '98765 43211', '98765 43212', '98765 43213', '98765 43214'];

/** Five rows; the agent of row `failing` is archived, so OSVI refuses that one call (403). */
function rows(failing: number): IDataObject[] {
	return phones.map((phone, index) => ({
		phone,
		agent: index === failing ? archivedAgentId : agentId,
	}));
}

function initiate(options: INodeParameters): INodeParameters {
	return {
		resource: 'call',
		operation: 'initiate',
		agentId: { __rl: true, mode: 'id', value: '={{ $json.agent }}' },
		phoneNumber: '={{ $json.phone }}',
		countryCode: 'IN',
		options,
	};
}

async function run(items: IDataObject[], options: INodeParameters) {
	return await runWorkflow(osviWorkflow(initiate(options), { items }), sandboxCredentials(sandbox));
}

function postedPhones() {
	return sandbox
		.requests()
		.filter((request) => request.method === 'POST')
		.map((request) => (request.body as IDataObject).phone_number);
}

/** call_id of the call the sandbox placed to a national number. */
function callIdFor(phone: string) {
	const digits = phone.replace(/\D/g, '');
	return sandbox.snapshot().calls.find((call) => call.phone_number === `+91${digits}`)!.call_id;
}

const refused =
	'The agent must belong to the OSVI account of the API token. Choose one of your agents from the list.';

describe('placing calls after a failure', () => {
	test('with pacing, no call starts once one has failed, not even one waiting for its slot', async () => {
		// One call per second: item 0's answer arrives long before item 1's slot.
		const startedAt = Date.now();
		const { output, error } = await run(rows(0), {
			concurrency: 5,
			rateLimit: 1,
			rateLimitPeriod: 'second',
		});

		// Without the stop, the four waiting workers would hold the run for four more seconds.
		expect(Date.now() - startedAt).toBeLessThan(2_500);

		expect(postedPhones()).toEqual(['9876543210']);
		expect(output(osviNodeName)).toEqual([]);
		expect(error(osviNodeName)).toMatchObject({
			message: expect.stringMatching(/^OSVI refused access/),
			description: `${refused} No call was placed. Items 1–4 were never attempted: run the workflow again with only those items (and the failed item once fixed).`,
		});
	});

	test('one at a time, the calls placed before the failure are listed with their IDs and the rest never start', async () => {
		const { error } = await run(rows(2), { concurrency: 1 });

		expect(postedPhones()).toEqual(['9876543210', '9876543211', '9876543212']);
		expect(error(osviNodeName)?.description).toBe(
			`${refused} Calls were placed for item 0 (call_id ${callIdFor(phones[0])}), item 1 (call_id ${callIdFor(phones[1])}): do not run these items again. Items 3–4 were never attempted: run the workflow again with only those items (and the failed item once fixed).`,
		);
	});

	test('side by side, the calls already under way are awaited and listed, not thrown away', async () => {
		sandbox.setLatency(150);

		const { error } = await run(rows(0), { concurrency: 5 });

		expect([...postedPhones()].sort()).toEqual(phones.map((phone) => phone.replace(' ', '')));
		const placed = [1, 2, 3, 4]
			.map((index) => `item ${index} (call_id ${callIdFor(phones[index])})`)
			.join(', ');
		expect(error(osviNodeName)?.description).toBe(
			`${refused} Calls were placed for ${placed}: do not run these items again.`,
		);
	});

	test('with continue-on-fail, the failed call is an error item and the others go ahead', async () => {
		const { output, error } = await runWorkflow(
			osviWorkflow(initiate({ concurrency: 2 }), { items: rows(1), continueOnFail: true }),
			sandboxCredentials(sandbox),
		);

		expect(error(osviNodeName)).toBeUndefined();
		expect(postedPhones()).toHaveLength(5);
		expect(output(osviNodeName).map((item) => [item.pairedItem, Boolean(item.json.error)])).toEqual(
			[
				[{ item: 0 }, false],
				[{ item: 1 }, true],
				[{ item: 2 }, false],
				[{ item: 3 }, false],
				[{ item: 4 }, false],
			],
		);
	});
});

describe('options given by expressions', () => {
	test.each([
		['Concurrent Calls', { concurrency: '={{ "abc" }}' }, 0, 'must be a whole number'],
		['Concurrent Calls', { concurrency: 0 }, 0, 'must be 1 or more'],
		['Max Calls per Period', { rateLimit: '={{ -1 }}' }, 0, 'must be 0 or more'],
		['Period', { rateLimitPeriod: '={{ "hour" }}' }, 0, 'must be second or minute'],
		['Timeout', { timeout: 0 }, 0, 'must be 1 or more'],
		['Timeout', { timeout: '={{ "abc" }}' }, 0, 'must be a whole number'],
		['Timeout', { timeout: -5 }, 0, 'must be 1 or more'],
		[
			'Timeout',
			{ timeout: '={{ $itemIndex === 3 ? "soon" : 5000 }}' },
			3,
			'must be a whole number',
		],
		['Max Retries', { maxRetries: 11 }, 0, 'must be 10 or less'],
		[
			'Concurrent Calls',
			{ concurrency: '={{ $itemIndex === 3 ? "abc" : 2 }}' },
			3,
			'must be a whole number',
		],
		[
			'Max Calls per Period',
			{ rateLimit: '={{ $itemIndex === 2 ? -1 : 0 }}' },
			2,
			'must be 0 or more',
		],
		[
			'Period',
			{ rateLimitPeriod: '={{ $itemIndex === 4 ? "hour" : "second" }}' },
			4,
			'must be second or minute',
		],
	])(
		'an invalid %s (%j) is an error naming the item and the option, and nothing is sent',
		async (label, options, itemIndex, problem) => {
			const { output, error } = await run(rows(-1), options);

			expect(sandbox.requests()).toEqual([]);
			expect(output(osviNodeName)).toEqual([]);
			expect(error(osviNodeName)).toMatchObject({
				message: `Invalid ${label} in item ${itemIndex}: ${problem}`,
				description: `Nothing was sent to OSVI for item ${itemIndex}. Correct the ${label} field and run the node again.`,
			});
		},
	);

	test('with continue-on-fail, an item whose Options are invalid is an error item and the other calls are placed', async () => {
		const { output, error } = await runWorkflow(
			osviWorkflow(initiate({ concurrency: '={{ $itemIndex === 0 ? "abc" : 2 }}' }), {
				items: rows(-1),
				continueOnFail: true,
			}),
			sandboxCredentials(sandbox),
		);

		expect(error(osviNodeName)).toBeUndefined();
		expect(postedPhones()).toEqual(['9876543211', '9876543212', '9876543213', '9876543214']);
		const items = output(osviNodeName);
		expect(items[0]).toEqual({
			json: {
				error: 'Invalid Concurrent Calls in item 0: must be a whole number',
				description:
					'Nothing was sent to OSVI for item 0. Correct the Concurrent Calls field and run the node again.',
			},
			pairedItem: { item: 0 },
		});
		expect(items.slice(1).map((item) => [item.pairedItem, item.json.call_id])).toEqual(
			phones.slice(1).map((phone, index) => [{ item: index + 1 }, callIdFor(phone)]),
		);
	});
});
