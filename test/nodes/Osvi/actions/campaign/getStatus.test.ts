import type { INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../../harness/osviWorkflow';
import { runWorkflow } from '../../../../harness/runWorkflow';

const callDurationMs = 1500;

let sandbox: Sandbox;
let agentId: string;

beforeAll(async () => {
	sandbox = await startSandbox({ callDurationMs });
	agentId = sandbox.snapshot().agents.find((agent) => !agent.archived)!.agent_id;
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

async function getStatus(parameters: INodeParameters) {
	return await runWorkflow(
		osviWorkflow({ resource: 'campaign', operation: 'getStatus', ...parameters }),
		sandboxCredentials(sandbox),
	);
}

/** What OSVI itself answers for a campaign's status, read straight from the sandbox. */
async function statusFromOsvi(campaignId: number) {
	const response = await fetch(`${sandbox.url}/v1/campaigns/${campaignId}/status`, {
		headers: { 'API-Token': sandbox.token },
	});
	return ((await response.json()) as { data: Record<string, unknown> }).data;
}

/** Pushes contacts straight to the sandbox, as an earlier workflow would have. */
async function push(phones: string[], enqueue = true): Promise<number> {
	const response = await fetch(`${sandbox.url}/v1/campaigns/7/contacts`, {
		method: 'POST',
		headers: { 'API-Token': sandbox.token, 'Content-Type': 'application/json' },
		body: JSON.stringify({
			agent_uuid: agentId,
			contacts: phones.map((phone) => ({ phone })),
			enqueue,
		}),
	});
	const { data } = (await response.json()) as { data: { campaign_upload_id: number } };
	sandbox.clearRequests();
	return data.campaign_upload_id;
}

const statusRequests = () =>
	sandbox.requests().filter((request) => request.path === '/v1/campaigns/7/status');

const queuesOf = (json: unknown, uploadId: number) =>
	(json as { uploads: Array<{ campaign_upload_id: number; queues: unknown[] }> }).uploads.find(
		(upload) => upload.campaign_upload_id === uploadId,
	)?.queues;

describe('Campaign → Get Status', () => {
	test('outputs OSVI’s snapshot of the campaign exactly as OSVI sends it', async () => {
		const { output } = await getStatus({ campaignId: 15 });

		expect(sandbox.requests().map(({ method, path, query }) => ({ method, path, query }))).toEqual([
			{ method: 'GET', path: '/v1/campaigns/15/status', query: {} },
		]);
		const expected = await statusFromOsvi(15);
		expect(expected.campaign).toEqual(expect.objectContaining({ id: 15, name: 'Lead Follow-up' }));
		expect(output(osviNodeName)).toEqual([{ json: expected, pairedItem: { item: 0 } }]);
	});

	test('names the campaign OSVI does not have', async () => {
		const { error } = await getStatus({ campaignId: 999 });

		expect(error(osviNodeName)?.message).toBe(
			'OSVI has no campaign with the ID 999 on your account: Campaign not found',
		);
		expect(error(osviNodeName)?.description).toBe(
			'Check the Campaign ID and that the credential’s API token belongs to the OSVI account of the campaign. Campaigns are created in the OSVI dashboard.',
		);
	});

	test('Wait for Completion reads until the upload’s queued calls have all been made', async () => {
		const uploadId = await push(['98765 43210', '98765 43211']);

		const { output } = await getStatus({
			campaignId: 7,
			waitForCompletion: true,
			waitOptions: { campaignUploadId: uploadId, pollIntervalSeconds: 1 },
		});

		expect(statusRequests().length).toBeGreaterThanOrEqual(2);
		const [item] = output(osviNodeName);
		expect(item.json).toEqual({ ...(await statusFromOsvi(7)), wait_timed_out: false });
		expect(queuesOf(item.json, uploadId)).toEqual([
			{ agent_uuid: agentId, total_queued: 2, completed: true },
		]);
	}, 15_000);

	test('Wait for Completion outputs the last status with wait_timed_out when Max Wait is over', async () => {
		sandbox.planCalls({ phoneNumber: '9876543219', neverFinish: true });
		const uploadId = await push(['98765 43219']);

		const started = Date.now();
		const { output } = await getStatus({
			campaignId: 7,
			waitForCompletion: true,
			waitOptions: { campaignUploadId: uploadId, maxWaitMinutes: 0.03, pollIntervalSeconds: 1 },
		});

		expect(Date.now() - started).toBeGreaterThanOrEqual(1800);
		expect(statusRequests()).toHaveLength(3);
		const [item] = output(osviNodeName);
		expect(item.json.wait_timed_out).toBe(true);
		expect(queuesOf(item.json, uploadId)).toEqual([
			{ agent_uuid: agentId, total_queued: 1, completed: false },
		]);
	}, 15_000);

	test('Wait for Completion fails at once for an upload the campaign does not have', async () => {
		const { error } = await getStatus({
			campaignId: 7,
			waitForCompletion: true,
			waitOptions: { campaignUploadId: 31 },
		});

		expect(statusRequests()).toHaveLength(1);
		expect(error(osviNodeName)?.message).toBe('Campaign 7 has no upload with the ID 31');
	});

	test('an upload that was not enqueued has nothing to wait for', async () => {
		const uploadId = await push(['98765 43210'], false);

		const { output } = await getStatus({
			campaignId: 7,
			waitForCompletion: true,
			waitOptions: { campaignUploadId: uploadId, pollIntervalSeconds: 1 },
		});

		expect(statusRequests()).toHaveLength(1);
		expect(queuesOf(output(osviNodeName)[0].json, uploadId)).toEqual([]);
		expect(output(osviNodeName)[0].json.wait_timed_out).toBe(false);
	});

	test('checks the wait options like parameters before reading anything', async () => {
		const { error } = await getStatus({
			campaignId: 7,
			waitForCompletion: true,
			waitOptions: { maxWaitMinutes: '={{ "soon" }}' },
		});

		expect(sandbox.requests()).toEqual([]);
		expect(error(osviNodeName)?.message).toBe(
			'Invalid Max Wait (Minutes) in item 0: must be a number',
		);
	});
});
