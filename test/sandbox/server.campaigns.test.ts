import { sleep } from 'n8n-workflow';

import type { CallSummary } from '../../sandbox/core';
import type { Sandbox } from '../../sandbox/server';
import { query, useSandbox } from './helpers';

const CALL_DURATION_MS = 60;

const { sandbox, api } = useSandbox({ callDurationMs: CALL_DURATION_MS });

interface Queue {
	agent_uuid: string;
	total_queued: number;
	completed: boolean;
}
interface StatusBody {
	success: boolean;
	data: {
		campaign: { id: number; name: string };
		calls: { total: number; by_status: Record<string, number> };
		uploads: Array<{ campaign_upload_id: number; file_name: string; queues: Queue[] }>;
	};
}
interface PushBody {
	success: boolean;
	data: {
		campaign_upload_id: number;
		contacts_received: number;
		contacts_accepted: number;
		duplicates_removed: number;
		enqueued: boolean;
		queued_calls: number;
		dnd_skipped: Array<{ phone: string; person_name: string | null; reason: string | null }>;
	};
}

const agentIds = () =>
	sandbox()
		.snapshot()
		.agents.filter((agent) => !agent.archived)
		.map((agent) => agent.agent_id);

async function push(campaignId: number, body: unknown) {
	return api(`/v1/campaigns/${campaignId}/contacts`, { method: 'POST', body });
}

async function status(campaignId: number): Promise<StatusBody['data']> {
	const response = await api(`/v1/campaigns/${campaignId}/status`);
	expect(response.status).toBe(200);
	return (response.json as StatusBody).data;
}

async function listUpload(uploadId: number): Promise<CallSummary[]> {
	const response = await api(`/v1/calls${query({ campaign_upload_id: uploadId, per_page: 100 })}`);
	return (response.json as { data: CallSummary[] }).data;
}

async function waitForCompletedQueue(campaignId: number, uploadId: number): Promise<Queue[]> {
	const deadline = Date.now() + 5000;
	for (;;) {
		const upload = (await status(campaignId)).uploads.find(
			(candidate) => candidate.campaign_upload_id === uploadId,
		);
		if (upload && upload.queues.every((queue) => queue.completed)) return upload.queues;
		if (Date.now() > deadline) throw new Error(`upload ${uploadId} never completed`);
		await sleep(20);
	}
}

describe('campaigns over HTTP', () => {
	it.each([
		['POST', '/v1/campaigns/7/contacts'],
		['GET', '/v1/campaigns/7/status'],
	])('answers %s %s with 401 without a valid API-Token', async (method, path) => {
		for (const token of [null, 'wrongtoken000000']) {
			const response = await api(path, { method, token });
			expect(response.status).toBe(401);
			expect(response.json).toEqual({ success: false, error: 'Invalid or missing API-Token' });
		}
	});

	it('enqueues contacts as calls of the campaign and upload, which end by their last digit and complete the queue', async () => {
		const [, agentUuid] = agentIds();
		const before = await status(21);
		const pushed = await push(21, {
			agent_uuid: agentUuid,
			enqueue: true,
			contacts: [
				{ phone: '9876543210', person_name: 'Asha Rao', plan: 'Pro' },
				{ phone: '+91 98765 43218', person_name: 'Ravi Kumar' },
				{ phone: '98765-43219' },
			],
		});
		expect(pushed.status).toBe(200);
		const { data } = pushed.json as PushBody;
		expect(data).toEqual({
			campaign_upload_id: 58,
			contacts_received: 3,
			contacts_accepted: 3,
			duplicates_removed: 0,
			enqueued: true,
			queued_calls: 3,
			dnd_skipped: [],
		});

		const running = await listUpload(58);
		expect(
			running.map(({ phone_number, status, campaign_id, campaign_upload_id, agent_uuid }) => ({
				phone_number,
				status,
				campaign_id,
				campaign_upload_id,
				agent_uuid,
			})),
		).toEqual(
			['+919876543219', '+919876543218', '+919876543210'].map((phone) => ({
				phone_number: phone,
				status: 'in_progress',
				campaign_id: 21,
				campaign_upload_id: 58,
				agent_uuid: agentUuid,
			})),
		);
		const runningStatus = await status(21);
		expect(runningStatus.uploads.at(-1)).toMatchObject({
			campaign_upload_id: 58,
			file_name: expect.stringMatching(/^\d{10}-api_contacts_[0-9a-f]{16}\.csv$/),
			queues: [{ agent_uuid: agentUuid, total_queued: 3, completed: false }],
		});
		expect(runningStatus.calls.total).toBe(before.calls.total + 3);

		expect(await waitForCompletedQueue(21, 58)).toEqual([
			{ agent_uuid: agentUuid, total_queued: 3, completed: true },
		]);
		expect((await listUpload(58)).map((call) => call.status)).toEqual(['failed', 'busy', 'picked']);
		const after = await status(21);
		expect(after.calls.by_status.in_progress ?? 0).toBe(before.calls.by_status.in_progress ?? 0);
		expect(after.calls.by_status.failed).toBe((before.calls.by_status.failed ?? 0) + 1);
	});

	it('skips a number while it is on the agent Do Not Disturb list, and includes it once it is removed', async () => {
		const [agentUuid] = agentIds();
		const contacts = [
			{ phone: '9876543210', person_name: 'Asha Rao' },
			{ phone: '9123456789', person_name: 'Ravi' },
		];
		const dnd = await api('/v1/dnd_numbers', {
			method: 'POST',
			body: { agent_uuid: agentUuid, phone: '+919876543210', reason: 'Asked on a call' },
		});
		expect(dnd.status).toBe(201);

		const skipped = (await push(7, { agent_uuid: agentUuid, contacts })).json as PushBody;
		expect(skipped.data).toMatchObject({
			contacts_received: 2,
			contacts_accepted: 1,
			dnd_skipped: [{ phone: '+919876543210', person_name: 'Asha Rao', reason: 'Asked on a call' }],
		});

		const removed = await api(
			`/v1/dnd_numbers${query({ agent_uuid: agentUuid, phone: '9876543210' })}`,
			{ method: 'DELETE' },
		);
		expect(removed.status).toBe(200);

		const included = (await push(7, { agent_uuid: agentUuid, contacts })).json as PushBody;
		expect(included.data).toMatchObject({ contacts_accepted: 2, dnd_skipped: [] });
		expect(
			sandbox()
				.campaigns()
				.uploads.filter((upload) => upload.campaign_upload_id >= 58)
				.map((upload) => upload.contacts.map((contact) => contact.phone)),
		).toEqual([['+919123456789'], ['+919876543210', '+919123456789']]);
	});

	it('answers 400 for 10,001 contacts and stores nothing', async () => {
		const contacts = Array.from({ length: 10_001 }, (_, index) => ({
			phone: `98${String(index).padStart(8, '0')}`,
		}));
		const response = await push(7, { agent_uuid: agentIds()[0], contacts, enqueue: true });
		expect(response.status).toBe(400);
		expect(response.json).toEqual({
			success: false,
			error: 'contacts must hold at most 10000 entries per request (got 10001)',
			details: null,
		});
		expect(
			sandbox()
				.campaigns()
				.uploads.map((upload) => upload.campaign_upload_id),
		).toEqual([19, 23, 31, 40, 41, 44, 57]);
	});

	it('answers 404 for an unknown campaign on both routes', async () => {
		const notFound = { success: false, error: 'Campaign not found', details: null };
		const pushed = await push(99, {
			agent_uuid: agentIds()[0],
			contacts: [{ phone: '9876543210' }],
		});
		expect(pushed.status).toBe(404);
		expect(pushed.json).toEqual(notFound);
		const read = await api('/v1/campaigns/99/status');
		expect(read.status).toBe(404);
		expect(read.json).toEqual(notFound);
	});
});

describe('the campaign state for tests', () => {
	it('serves campaigns and uploads, with the contacts and their extra keys, through /__sandbox/campaigns', async () => {
		const [agentUuid] = agentIds();
		await push(12, {
			agent_uuid: agentUuid,
			contacts: [{ phone: '09876543210', person_name: 'Asha Rao', plan: 'Pro', visits: 3 }],
		});
		const response = await fetch(`${sandbox().url}/__sandbox/campaigns`);
		expect(response.status).toBe(200);
		const body = (await response.json()) as ReturnType<Sandbox['campaigns']>;
		expect(body).toEqual(JSON.parse(JSON.stringify(sandbox().campaigns())));
		expect(body.campaigns.map((campaign) => campaign.id)).toEqual([7, 12, 15, 21]);
		expect(body.uploads.at(-1)).toMatchObject({
			campaign_upload_id: 58,
			campaign_id: 12,
			agent_uuid: agentUuid,
			enqueued: false,
			contacts: [{ phone: '+919876543210', person_name: 'Asha Rao', plan: 'Pro', visits: 3 }],
			queues: [],
		});
	});

	it('goes back to the seeded campaigns on reset', async () => {
		const seeded = sandbox().campaigns();
		await push(7, {
			agent_uuid: agentIds()[0],
			contacts: [{ phone: '9876543210' }],
			enqueue: true,
		});
		sandbox().reset();
		expect(sandbox().campaigns()).toEqual(seeded);
		expect(
			sandbox()
				.snapshot()
				.calls.some((call) => call.campaign_upload_id === 58),
		).toBe(false);
	});
});
