import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import { transcriptTurns } from '../../../../../sandbox/core';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../../harness/osviWorkflow';
import { runWorkflow } from '../../../../harness/runWorkflow';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ callCount: 40 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

function seededCall(status: string) {
	const call = sandbox.snapshot().calls.find((candidate) => candidate.status === status);
	if (!call) throw new Error(`no ${status} call in the seed`);
	return call;
}

const getTranscript = (callId: string) => ({
	resource: 'call',
	operation: 'getTranscript',
	callId,
});

describe('Call → Get Transcript', () => {
	test('outputs OSVI’s data: the call ID and every turn of an answered call', async () => {
		const call = seededCall('picked');

		const { output } = await runWorkflow(
			osviWorkflow(getTranscript(call.call_id)),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.requests().map(({ method, path, query }) => ({ method, path, query }))).toEqual([
			{ method: 'GET', path: `/v1/call/${call.call_id}/transcript`, query: {} },
		]);
		const turns = transcriptTurns(call);
		expect(turns).toHaveLength(4);
		expect(output(osviNodeName)).toEqual([
			{ json: { call_id: call.call_id, transcript: turns }, pairedItem: { item: 0 } },
		]);
	});

	test('outputs an empty transcript for a call nobody answered', async () => {
		const call = seededCall('not_picked');

		const { output } = await runWorkflow(
			osviWorkflow(getTranscript(call.call_id)),
			sandboxCredentials(sandbox),
		);

		expect(output(osviNodeName)).toEqual([
			{ json: { call_id: call.call_id, transcript: [] }, pairedItem: { item: 0 } },
		]);
	});

	test('says OSVI has no call with this ID on the account when it answers 404', async () => {
		const unknown = '00000000-0000-4000-8000-000000000000';

		const { error } = await runWorkflow(
			osviWorkflow(getTranscript(unknown)),
			sandboxCredentials(sandbox),
		);

		expect(error(osviNodeName)?.message).toBe(
			`OSVI has no call with the ID ${unknown} on your account: Call not found`,
		);
	});

	test('a transcript that is not a list is an error that says what OSVI sent', async () => {
		const call = seededCall('picked');
		sandbox.addFault({
			kind: 'body',
			path: `/v1/call/${call.call_id}/transcript`,
			set: { data: { call_id: call.call_id, transcript: null } },
		});

		const { error, output } = await runWorkflow(
			osviWorkflow(getTranscript(call.call_id)),
			sandboxCredentials(sandbox),
		);

		expect(output(osviNodeName)).toEqual([]);
		expect(error(osviNodeName)?.message).toBe(
			`OSVI answered the transcript of call ${call.call_id} in an unexpected form: expected a "transcript" list, but it sent null`,
		);
	});

	test('with continue-on-fail, one item per input item, failures as error items', async () => {
		const answered = seededCall('picked');
		const unknown = '00000000-0000-4000-8000-000000000000';

		const { output } = await runWorkflow(
			osviWorkflow(getTranscript('={{ $json.call_log_id }}'), {
				items: [{ call_log_id: answered.call_id }, { call_log_id: unknown }],
				continueOnFail: true,
			}),
			sandboxCredentials(sandbox),
		);

		expect(output(osviNodeName)).toEqual([
			{
				json: { call_id: answered.call_id, transcript: transcriptTurns(answered) },
				pairedItem: { item: 0 },
			},
			{
				json: {
					error: `OSVI has no call with the ID ${unknown} on your account: Call not found`,
					description:
						'Check the Call ID and that the credential’s API token belongs to the OSVI account that made the call.',
				},
				pairedItem: { item: 1 },
			},
		]);
	});
});
