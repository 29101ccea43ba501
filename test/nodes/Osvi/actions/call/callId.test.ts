import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../../harness/osviWorkflow';
import { runWorkflow } from '../../../../harness/runWorkflow';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ callCount: 20 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const whatToUse =
	'Use the call_id from List calls or Initiate call, or the call_log_id of an OSVI Trigger payload, such as 8de63236-e013-42dd-9d99-1be5521701d4.';

const invalidIds: Array<{ what: string; id: unknown; problem: string }> = [
	{ what: 'nothing', id: '', problem: `is empty. ${whatToUse}` },
	{ what: 'only spaces', id: '   ', problem: `is empty. ${whatToUse}` },
	{
		what: 'a web address',
		id: 'https://app.osvi.ai/calls/8de63236-e013-42dd-9d99-1be5521701d4',
		problem: `is a web address, not a call ID. ${whatToUse}`,
	},
	{
		what: 'two IDs with a space',
		id: '8de63236-e013-42dd-9d99-1be5521701d4 0f6e7c2a-1111-4222-8333-944455556666',
		problem: `contains spaces, so it cannot be a call ID. ${whatToUse}`,
	},
	{
		what: 'a path',
		id: '8de63236-e013-42dd-9d99-1be5521701d4/recording',
		problem: `contains a slash (/), so it cannot be a call ID. ${whatToUse}`,
	},
	{
		what: 'a way out of the call routes',
		id: '../active_agents',
		problem: `contains a slash (/), so it cannot be a call ID. ${whatToUse}`,
	},
	{
		what: 'an agent ID',
		id: 'agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og',
		problem: `is an agent ID, not a call ID. ${whatToUse}`,
	},
	{
		what: 'a query string',
		id: '8de63236-e013-42dd-9d99-1be5521701d4?page=2',
		problem: `is not a call ID: OSVI’s call IDs are UUIDs. ${whatToUse}`,
	},
	{ what: 'a number from the data', id: 12345, problem: `must be text. ${whatToUse}` },
];

const operations = ['get', 'getTranscript', 'getRecording'];

describe('Call ID (Get, Get Transcript, Get Recording)', () => {
	describe.each(operations)('%s', (operation) => {
		test.each(invalidIds)(
			'rejects $what before any request, naming the item and the field',
			async ({ id, problem }) => {
				const { error, output } = await runWorkflow(
					osviWorkflow(
						{ resource: 'call', operation, callId: '={{ $json.id }}' },
						{ items: [{ id: '0f6e7c2a-1111-4222-8333-944455556666' }, { id } as IDataObject] },
					),
					sandboxCredentials(sandbox),
				);

				expect(sandbox.requests()).toEqual([]);
				expect(sandbox.storageRequests()).toEqual([]);
				expect(output(osviNodeName)).toEqual([]);
				expect(error(osviNodeName)?.message).toBe(`Invalid Call ID in item 1: ${problem}`);
				expect(error(osviNodeName)?.description).toBe(
					'Nothing was sent to OSVI for item 1. Correct the Call ID field and run the node again.',
				);
			},
		);
	});

	test('with continue-on-fail, an invalid ID becomes an error item and the valid ones are read', async () => {
		const call = sandbox.snapshot().calls[0];

		const { output } = await runWorkflow(
			osviWorkflow(
				{ resource: 'call', operation: 'get', callId: '={{ $json.id }}' },
				{ items: [{ id: 'not a call' }, { id: call.call_id }], continueOnFail: true },
			),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.requests().map(({ method, path }) => `${method} ${path}`)).toEqual([
			`GET /v1/call/${call.call_id}`,
		]);
		expect(output(osviNodeName)).toEqual([
			{
				json: {
					error: `Invalid Call ID in item 0: contains spaces, so it cannot be a call ID. ${whatToUse}`,
					description:
						'Nothing was sent to OSVI for item 0. Correct the Call ID field and run the node again.',
				},
				pairedItem: { item: 0 },
			},
			{ json: call, pairedItem: { item: 1 } },
		]);
	});
});
