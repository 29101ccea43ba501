import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../../harness/osviWorkflow';
import { runWorkflow } from '../../../../harness/runWorkflow';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ callCount: 40 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

/** What OSVI itself answers for a call, read straight from the sandbox. */
async function detailFromOsvi(callId: string): Promise<IDataObject> {
	const response = await fetch(`${sandbox.url}/v1/call/${callId}`, {
		headers: { 'API-Token': sandbox.token },
	});
	return ((await response.json()) as { data: IDataObject }).data;
}

function seededCall(status: string) {
	const call = sandbox.snapshot().calls.find((candidate) => candidate.status === status);
	if (!call) throw new Error(`no ${status} call in the seed`);
	return call;
}

function sentRequests() {
	return sandbox
		.requests()
		.map(({ method, path, query, body }) => ({ method, path, query, body }))
		.sort((a, b) => a.path.localeCompare(b.path));
}

const getCall = (callId: string): INodeParameters => ({
	resource: 'call',
	operation: 'get',
	callId,
});

describe('Call → Get', () => {
	test('reads the call and outputs OSVI’s data, with the summary and captured data', async () => {
		const call = seededCall('picked');

		const { output } = await runWorkflow(
			osviWorkflow(getCall(call.call_id)),
			sandboxCredentials(sandbox),
		);

		expect(sentRequests()).toEqual([
			{ method: 'GET', path: `/v1/call/${call.call_id}`, query: {}, body: undefined },
		]);
		expect(output(osviNodeName)).toEqual([{ json: call, pairedItem: { item: 0 } }]);
		expect(output(osviNodeName)[0].json).toMatchObject({
			summary: expect.any(String),
			data_captured: expect.any(Object),
			post_call_analysis: expect.any(Object),
		});
	});

	test('takes the call_id of List calls and the call_log_id of a trigger payload, trimmed, one item each', async () => {
		const [first, second] = sandbox.snapshot().calls;
		const items = [
			{ call_id: `  ${first.call_id}\n` },
			{ call_log_id: second.call_id.toUpperCase() },
		];

		const { output } = await runWorkflow(
			osviWorkflow(getCall('={{ $json.call_id ?? $json.call_log_id }}'), { items }),
			sandboxCredentials(sandbox),
		);

		expect(sentRequests()).toEqual(
			[
				{ method: 'GET', path: `/v1/call/${first.call_id}`, query: {}, body: undefined },
				{
					method: 'GET',
					path: `/v1/call/${second.call_id.toUpperCase()}`,
					query: {},
					body: undefined,
				},
			].sort((a, b) => a.path.localeCompare(b.path)),
		);
		expect(output(osviNodeName)).toEqual([
			{ json: await detailFromOsvi(first.call_id), pairedItem: { item: 0 } },
			{ json: await detailFromOsvi(second.call_id), pairedItem: { item: 1 } },
		]);
	});

	test('says OSVI has no call with this ID on the account when it answers 404', async () => {
		const unknown = '00000000-0000-4000-8000-000000000000';

		const { error, output } = await runWorkflow(
			osviWorkflow(getCall(unknown)),
			sandboxCredentials(sandbox),
		);

		expect(output(osviNodeName)).toEqual([]);
		expect(error(osviNodeName)?.message).toBe(
			`OSVI has no call with the ID ${unknown} on your account: Call not found`,
		);
		expect(error(osviNodeName)?.description).toBe(
			'Check the Call ID and that the credential’s API token belongs to the OSVI account that made the call.',
		);
	});

	test('sends a call_… ID as call creation shows it, and points to List calls when OSVI does not know it', async () => {
		sandbox.configure({ idStyle: 'short' });
		const placed = await fetch(`${sandbox.url}/call`, {
			method: 'POST',
			headers: { 'API-Token': sandbox.token, 'Content-Type': 'application/json' },
			body: JSON.stringify({
				agent_uuid: sandbox.snapshot().agents[0].agent_id,
				phone_number: '9876543210',
				country_code: 'IN',
			}),
		});
		const returnedId = ((await placed.json()) as { data: { call_id: string } }).data.call_id;
		expect(returnedId).toMatch(/^call_/);
		sandbox.clearRequests();

		const { error } = await runWorkflow(
			osviWorkflow(getCall(returnedId)),
			sandboxCredentials(sandbox),
		);

		expect(sentRequests()).toEqual([
			{ method: 'GET', path: `/v1/call/${returnedId}`, query: {}, body: undefined },
		]);
		expect(error(osviNodeName)?.message).toBe(
			`OSVI has no call with the ID ${returnedId} on your account: Call not found`,
		);
		expect(error(osviNodeName)?.description).toBe(
			'Check the Call ID and that the credential’s API token belongs to the OSVI account that made the call. If this ID came from Initiate call, look the call up with List calls and use its call_id (a UUID).',
		);
	});

	test('with continue-on-fail, an unknown call becomes an error item and the others are read', async () => {
		const call = seededCall('not_picked');
		const unknown = '00000000-0000-4000-8000-000000000000';

		const { output } = await runWorkflow(
			osviWorkflow(getCall('={{ $json.id }}'), {
				items: [{ id: unknown }, { id: call.call_id }],
				continueOnFail: true,
			}),
			sandboxCredentials(sandbox),
		);

		expect(output(osviNodeName)).toEqual([
			{
				json: {
					error: `OSVI has no call with the ID ${unknown} on your account: Call not found`,
					description:
						'Check the Call ID and that the credential’s API token belongs to the OSVI account that made the call.',
				},
				pairedItem: { item: 0 },
			},
			{ json: call, pairedItem: { item: 1 } },
		]);
	});

	test('retries a read that OSVI answered with 503', async () => {
		const call = seededCall('picked');
		sandbox.addFault({ kind: 'status', status: 503, path: `/v1/call/${call.call_id}` });

		const { output } = await runWorkflow(
			osviWorkflow(getCall(call.call_id)),
			sandboxCredentials(sandbox),
		);

		expect(sentRequests()).toEqual([
			{ method: 'GET', path: `/v1/call/${call.call_id}`, query: {}, body: undefined },
			{ method: 'GET', path: `/v1/call/${call.call_id}`, query: {}, body: undefined },
		]);
		expect(output(osviNodeName)).toEqual([{ json: call, pairedItem: { item: 0 } }]);
	});

	test('an answer without the call’s status is an error, not an item', async () => {
		const call = seededCall('picked');
		sandbox.addFault({
			kind: 'body',
			path: `/v1/call/${call.call_id}`,
			set: { data: { call_id: call.call_id } },
		});

		const { error } = await runWorkflow(
			osviWorkflow(getCall(call.call_id)),
			sandboxCredentials(sandbox),
		);

		expect(error(osviNodeName)?.message).toBe(
			`OSVI answered in an unexpected form (200): expected "status" in its data, but it sent {"success":true,"data":{"call_id":"${call.call_id}"}}`,
		);
	});
});
