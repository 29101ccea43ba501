import {
	addCampaignContacts,
	campaignsSnapshot,
	campaignStatus,
	MAX_CONTACTS_PER_REQUEST,
	seedCampaigns,
} from '../../../sandbox/core/campaigns';
import { finishCall } from '../../../sandbox/core/calls';
import { addDndEntry } from '../../../sandbox/core/dnd';
import { handleRequest } from '../../../sandbox/core/handler';
import { CAMPAIGNS, REFERENCE_EPOCH_MS } from '../../../sandbox/core/seed';
import { CALL_STATUSES, type SandboxState } from '../../../sandbox/core';
import { makeRequest, makeState } from './helpers';

const NOW_IST = '2026-07-01T10:00:00+05:30';
const NOW_SECONDS = Date.parse(NOW_IST) / 1000;
const API_FILE_NAME = new RegExp(`^${NOW_SECONDS}-api_contacts_[0-9a-f]{16}\\.csv$`);

const activeAgents = (state: SandboxState) => state.agents.filter((agent) => !agent.archived);

interface StatusData {
	campaign: Record<string, unknown>;
	calls: { total: number; by_status: Record<string, number> };
	uploads: Array<{
		campaign_upload_id: number;
		file_name: string;
		agent_uuid: string;
		created_at: string;
		queues: Array<{ agent_uuid: string; total_queued: number; completed: boolean }>;
	}>;
}

function statusOf(state: SandboxState, id: number | string): StatusData {
	const response = handleRequest(state, makeRequest('GET', `/v1/campaigns/${id}/status`));
	expect(response.status).toBe(200);
	return (response.body as { data: StatusData }).data;
}

function push(state: SandboxState, body: unknown, campaignId: number | string = 7) {
	return handleRequest(
		state,
		makeRequest('POST', `/v1/campaigns/${campaignId}/contacts`, { body }),
	);
}

describe('the seeded campaigns', () => {
	const state = makeState();

	it('are campaigns 7, 12, 15 and 21 with names and retry settings', () => {
		expect(state.campaigns.map((campaign) => ({ ...campaign, created_at: undefined }))).toEqual([
			{
				id: 7,
				name: 'June Renewals',
				status: 'active',
				is_retry_enabled: true,
				retry_threshold: 2,
				retry_delay: 1800,
			},
			{
				id: 12,
				name: 'Payment Reminders',
				status: 'active',
				is_retry_enabled: false,
				retry_threshold: 2,
				retry_delay: 300,
			},
			{
				id: 15,
				name: 'Lead Follow-up',
				status: 'active',
				is_retry_enabled: true,
				retry_threshold: 3,
				retry_delay: 3600,
			},
			{
				id: 21,
				name: 'Customer Feedback',
				status: 'active',
				is_retry_enabled: true,
				retry_threshold: 2,
				retry_delay: 600,
			},
		]);
	});

	it('were created two days before their first call, and each upload an hour before its first call', () => {
		for (const campaign of state.campaigns) {
			const calls = state.calls.filter((call) => call.detail.campaign_id === campaign.id);
			const first = Math.min(...calls.map((call) => call.createdAtMs));
			expect(Date.parse(campaign.created_at)).toBe(first - 2 * 24 * 3600 * 1000);
			expect(campaign.created_at).toMatch(/\+05:30$/);
		}
		for (const upload of state.uploads) {
			const calls = state.calls.filter(
				(call) => call.detail.campaign_upload_id === upload.campaign_upload_id,
			);
			const first = Math.min(...calls.map((call) => call.createdAtMs));
			expect(Date.parse(upload.created_at)).toBe(first - 3600 * 1000);
		}
	});

	it('have one upload per seeded upload id, named like a dashboard CSV, with the people their calls reached', () => {
		expect(state.uploads.map((upload) => [upload.campaign_id, upload.campaign_upload_id])).toEqual(
			CAMPAIGNS.flatMap((campaign) => campaign.uploadIds.map((id) => [campaign.id, id])),
		);
		expect(state.uploads.map((upload) => upload.file_name)).toEqual([
			'june_renewals_part1.csv',
			'june_renewals_part2.csv',
			'payment_reminders_part1.csv',
			'lead_follow_up_part1.csv',
			'lead_follow_up_part2.csv',
			'lead_follow_up_part3.csv',
			'customer_feedback_part1.csv',
		]);
		for (const upload of state.uploads) {
			const calls = state.calls.filter(
				(call) => call.detail.campaign_upload_id === upload.campaign_upload_id,
			);
			expect(upload.contacts.map((contact) => contact.phone).sort()).toEqual(
				[...new Set(calls.map((call) => call.detail.phone_number))].sort(),
			);
			const counts = new Map<string, number>();
			for (const call of calls) {
				counts.set(call.detail.agent_uuid, (counts.get(call.detail.agent_uuid) ?? 0) + 1);
			}
			expect(counts.get(upload.agent_uuid)).toBe(Math.max(...counts.values()));
		}
	});

	it('fall back to dates before the seeded period when a small sandbox has no calls for them', () => {
		const { campaigns, uploads } = seedCampaigns(state.agents, [], REFERENCE_EPOCH_MS);
		const created = Date.parse(campaigns[0].created_at);
		expect(created).toBe(REFERENCE_EPOCH_MS - 62 * 24 * 3600 * 1000);
		expect(uploads[0]).toMatchObject({
			agent_uuid: state.agents[0].agent_id,
			enqueued: false,
			contacts: [],
		});
		expect(Date.parse(uploads[1].created_at)).toBe(created + 2 * 3600 * 1000);
	});
});

describe('GET /v1/campaigns/{id}/status', () => {
	it('reports the campaign, counts its calls by the statuses that occur, and lists its uploads with queues per agent', () => {
		const state = makeState();
		const data = statusOf(state, 15);
		const calls = state.calls.filter((call) => call.detail.campaign_id === 15);
		const byStatus: Record<string, number> = {};
		for (const status of CALL_STATUSES) {
			const count = calls.filter((call) => call.detail.status === status).length;
			if (count > 0) byStatus[status] = count;
		}

		expect(data.campaign).toEqual(state.campaigns.find((campaign) => campaign.id === 15));
		expect(data.calls).toEqual({ total: calls.length, by_status: byStatus });
		expect(Object.keys(data.calls.by_status)).toEqual(
			CALL_STATUSES.filter((status) => status in byStatus),
		);
		expect(data.uploads.map((upload) => upload.campaign_upload_id)).toEqual([40, 41, 44]);
		for (const upload of data.uploads) {
			const uploadCalls = calls.filter(
				(call) => call.detail.campaign_upload_id === upload.campaign_upload_id,
			);
			expect(upload.queues.reduce((sum, queue) => sum + queue.total_queued, 0)).toBe(
				uploadCalls.length,
			);
			for (const queue of upload.queues) {
				const queued = uploadCalls.filter((call) => call.detail.agent_uuid === queue.agent_uuid);
				expect(queue.total_queued).toBe(queued.length);
				expect(queue.completed).toBe(queued.every((call) => call.detail.status !== 'in_progress'));
			}
			expect(upload.queues.map((queue) => queue.agent_uuid)).toEqual(
				state.agents
					.map((agent) => agent.agent_id)
					.filter((id) => upload.queues.some((queue) => queue.agent_uuid === id)),
			);
		}
	});

	it('shows a queue as not completed while one of its calls is in progress', () => {
		const state = makeState();
		const running = state.calls.find(
			(call) => call.detail.status === 'in_progress' && call.detail.campaign_upload_id !== null,
		);
		const target = running ?? state.calls.find((call) => call.detail.campaign_upload_id !== null);
		if (!target) throw new Error('the seed has no call in an upload');
		target.detail.status = 'in_progress';
		const data = statusOf(state, target.detail.campaign_id ?? 0);
		const upload = data.uploads.find(
			(candidate) => candidate.campaign_upload_id === target.detail.campaign_upload_id,
		);
		expect(
			upload?.queues.find((queue) => queue.agent_uuid === target.detail.agent_uuid)?.completed,
		).toBe(false);
	});

	it.each([['99'], ['abc'], ['7.0']])('answers 404 "Campaign not found" for campaign %s', (id) => {
		const response = handleRequest(makeState(), makeRequest('GET', `/v1/campaigns/${id}/status`));
		expect(response.status).toBe(404);
		expect(response.body).toEqual({ success: false, error: 'Campaign not found', details: null });
	});
});

describe('POST /v1/campaigns/{id}/contacts', () => {
	it('stores the contacts as an upload with a generated file name, and reports it', () => {
		const state = makeState({ nowIso: NOW_IST });
		const agent = activeAgents(state)[1];
		const response = push(state, {
			agent_uuid: agent.agent_id,
			contacts: [
				{ phone: '98765 43210', person_name: 'Asha Rao', plan: 'Pro' },
				{ phone: '+1 415 555 0100', person_name: 'Sam Lee', renewal: { due: '2026-07-15' } },
			],
		});
		expect(response.status).toBe(200);
		expect(response.effects).toEqual([]);
		expect(response.body).toEqual({
			success: true,
			data: {
				campaign_upload_id: 58,
				contacts_received: 2,
				contacts_accepted: 2,
				duplicates_removed: 0,
				enqueued: false,
				queued_calls: 0,
				dnd_skipped: [],
			},
		});

		const upload = campaignsSnapshot(state).uploads.find(
			(candidate) => candidate.campaign_upload_id === 58,
		);
		expect(upload).toEqual({
			campaign_upload_id: 58,
			campaign_id: 7,
			file_name: expect.stringMatching(API_FILE_NAME),
			agent_uuid: agent.agent_id,
			created_at: NOW_IST,
			enqueued: false,
			contacts: [
				{ phone: '+919876543210', person_name: 'Asha Rao', plan: 'Pro' },
				{ phone: '+14155550100', person_name: 'Sam Lee', renewal: { due: '2026-07-15' } },
			],
			queues: [],
		});
		expect(statusOf(state, 7).uploads.at(-1)).toEqual({
			campaign_upload_id: 58,
			file_name: upload?.file_name,
			agent_uuid: agent.agent_id,
			created_at: NOW_IST,
			queues: [],
		});
		expect(state.calls).toHaveLength(300);
	});

	it('gives every upload its own id and file name', () => {
		const state = makeState();
		const body = {
			agent_uuid: activeAgents(state)[0].agent_id,
			contacts: [{ phone: '9876543210' }],
		};
		push(state, body);
		push(state, body, 21);
		const uploads = campaignsSnapshot(state).uploads.slice(-2);
		expect(uploads.map((upload) => [upload.campaign_id, upload.campaign_upload_id])).toEqual([
			[7, 58],
			[21, 59],
		]);
		expect(uploads[0].file_name).not.toBe(uploads[1].file_name);
	});

	it('removes duplicates by phone, keeping the longer person_name and its extra keys in the first one place', () => {
		const state = makeState();
		const response = push(state, {
			agent_uuid: activeAgents(state)[0].agent_id,
			contacts: [
				{ phone: '9876543210', person_name: 'Asha', source: 'sheet' },
				{ phone: '9123456789', person_name: 'Ravi Kumar' },
				{ phone: '+91 98765 43210', person_name: 'Asha Rao', source: 'crm' },
				{ phone: '09876543210', person_name: 'A. R.' },
				{ phone: '919123456789', person_name: 'Ravi' },
				{ phone: '9000000001' },
			],
		});
		expect(response.body).toMatchObject({
			data: { contacts_received: 6, contacts_accepted: 3, duplicates_removed: 3 },
		});
		expect(campaignsSnapshot(state).uploads.at(-1)?.contacts).toEqual([
			{ phone: '+919876543210', person_name: 'Asha Rao', source: 'crm' },
			{ phone: '+919123456789', person_name: 'Ravi Kumar' },
			{ phone: '+919000000001' },
		]);
	});

	it('skips numbers on that agent Do Not Disturb list and reports them, but not numbers on another agent list', () => {
		const state = makeState();
		const [agent, other] = activeAgents(state);
		addDndEntry(state, { agent_uuid: agent.agent_id, phone: '9876543210', reason: 'Opted out' });
		addDndEntry(state, { agent_uuid: agent.agent_id, phone: '9123456789' });
		addDndEntry(state, { agent_uuid: other.agent_id, phone: '9000000001' });

		const response = push(state, {
			agent_uuid: agent.agent_id,
			enqueue: true,
			contacts: [
				{ phone: '+919876543210', person_name: 'Asha Rao' },
				{ phone: '9123456789' },
				{ phone: '9123456789', person_name: 'Ravi' },
				{ phone: '9000000001', person_name: 'Meena' },
			],
		});
		expect(response.body).toEqual({
			success: true,
			data: {
				campaign_upload_id: 58,
				contacts_received: 4,
				contacts_accepted: 1,
				duplicates_removed: 1,
				enqueued: true,
				queued_calls: 1,
				dnd_skipped: [
					{ phone: '+919876543210', person_name: 'Asha Rao', reason: 'Opted out' },
					{ phone: '+919123456789', person_name: 'Ravi', reason: null },
				],
			},
		});
		expect(state.calls[0].detail.phone_number).toBe('+919000000001');
		expect(state.calls[1].detail.campaign_upload_id).not.toBe(58);
	});

	it('with enqueue, places one call per accepted contact for that campaign and upload, and the status follows them', () => {
		const state = makeState({ nowIso: NOW_IST, callDurationMs: 120 });
		const agent = activeAgents(state)[2];
		const response = push(
			state,
			{
				agent_uuid: agent.agent_id,
				enqueue: true,
				contacts: [
					{ phone: '9876543210', person_name: 'Asha Rao', plan: 'Pro' },
					{ phone: '9876543217', person_name: 'Ravi Kumar' },
				],
			},
			12,
		);
		const queued = state.calls.slice(0, 2);
		expect(response.body).toMatchObject({
			data: { campaign_upload_id: 58, enqueued: true, queued_calls: 2 },
		});
		expect(response.effects).toEqual(
			[...queued]
				.reverse()
				.map((call) => ({ kind: 'finishCall', callId: call.detail.call_id, afterMs: 120 })),
		);
		expect(queued.map((call) => call.detail)).toEqual([
			expect.objectContaining({
				phone_number: '+919876543217',
				agent_uuid: agent.agent_id,
				status: 'in_progress',
				call_type: 'outbound',
				campaign_id: 12,
				campaign_upload_id: 58,
				caller_name: 'Ravi Kumar',
				retry_count: 0,
			}),
			expect.objectContaining({
				phone_number: '+919876543210',
				campaign_id: 12,
				campaign_upload_id: 58,
				caller_name: 'Asha Rao',
			}),
		]);

		const before = statusOf(state, 12);
		expect(before.uploads.at(-1)?.queues).toEqual([
			{ agent_uuid: agent.agent_id, total_queued: 2, completed: false },
		]);
		finishCall(state, queued[1].detail.call_id);
		expect(statusOf(state, 12).uploads.at(-1)?.queues[0].completed).toBe(false);
		finishCall(state, queued[0].detail.call_id);
		const after = statusOf(state, 12);
		expect(after.uploads.at(-1)?.queues).toEqual([
			{ agent_uuid: agent.agent_id, total_queued: 2, completed: true },
		]);
		expect(after.calls.total).toBe(before.calls.total);
		expect(after.calls.by_status.not_picked).toBe((before.calls.by_status.not_picked ?? 0) + 1);

		const listed = handleRequest(
			state,
			makeRequest('GET', '/v1/calls', { query: { campaign_upload_id: '58' } }),
		);
		expect(listed.body).toMatchObject({
			data: [
				{ phone_number: '+919876543217', status: 'not_picked', campaign_id: 12 },
				{ phone_number: '+919876543210', status: 'picked', campaign_id: 12 },
			],
			meta: { total_count: 2 },
		});
	});

	it(`accepts ${MAX_CONTACTS_PER_REQUEST} contacts in one request`, () => {
		const state = makeState();
		const contacts = Array.from({ length: MAX_CONTACTS_PER_REQUEST }, (_, index) => ({
			phone: `98${String(index).padStart(8, '0')}`,
		}));
		const response = push(state, { agent_uuid: activeAgents(state)[0].agent_id, contacts });
		expect(response.body).toMatchObject({
			data: { contacts_received: 10_000, contacts_accepted: 10_000 },
		});
	});

	it(`answers 400 for more than ${MAX_CONTACTS_PER_REQUEST} contacts and stores nothing`, () => {
		const state = makeState();
		const contacts = Array.from({ length: MAX_CONTACTS_PER_REQUEST + 1 }, () => ({
			phone: '9876543210',
		}));
		const response = push(state, {
			agent_uuid: activeAgents(state)[0].agent_id,
			contacts,
			enqueue: true,
		});
		expect(response.status).toBe(400);
		expect(response.body).toEqual({
			success: false,
			error: 'contacts must hold at most 10000 entries per request (got 10001)',
			details: null,
		});
		expect(state.uploads).toHaveLength(7);
		expect(state.calls).toHaveLength(300);
	});

	it('rejects the whole request when a row cannot be read, naming the first five rows and listing all in details', () => {
		const state = makeState();
		const contacts: unknown[] = [
			{ phone: '9876543210' },
			{ phone: '12345', person_name: 'Short' },
			'9876543211',
			{ person_name: 'No Phone' },
			{ phone: 9876543212 },
			{ phone: '9876543213', person_name: 42 },
			{ phone: 'call me' },
			{ phone: '' },
		];
		const response = push(state, {
			agent_uuid: activeAgents(state)[0].agent_id,
			contacts,
			enqueue: true,
		});
		expect(response.status).toBe(400);
		expect(response.body).toEqual({
			success: false,
			error:
				'7 contacts rejected: contacts[1]: phone is not a valid phone number; contacts[2]: must be an object; contacts[3]: phone is missing; contacts[4]: phone must be a string; contacts[5]: person_name must be a string; and 2 more',
			details: {
				invalid_contacts: [
					{ index: 1, phone: '12345', error: 'phone is not a valid phone number' },
					{ index: 2, phone: null, error: 'must be an object' },
					{ index: 3, phone: null, error: 'phone is missing' },
					{ index: 4, phone: 9876543212, error: 'phone must be a string' },
					{ index: 5, phone: '9876543213', error: 'person_name must be a string' },
					{ index: 6, phone: 'call me', error: 'phone is not a valid phone number' },
					{ index: 7, phone: '', error: 'phone is missing' },
				],
			},
		});
		expect(state.uploads).toHaveLength(7);
		expect(state.calls).toHaveLength(300);
	});

	it('names a single bad row in the singular', () => {
		const state = makeState();
		const response = push(state, {
			agent_uuid: activeAgents(state)[0].agent_id,
			contacts: [{ phone: '1' }],
		});
		expect(response.body).toMatchObject({
			error: '1 contact rejected: contacts[0]: phone is not a valid phone number',
		});
	});

	it.each([
		[{ contacts: [{ phone: '9876543210' }] }, 'param is missing or the value is empty: agent_uuid'],
		[{ agent_uuid: 'AGENT' }, 'param is missing or the value is empty: contacts'],
		[{ agent_uuid: 'AGENT', contacts: [] }, 'param is missing or the value is empty: contacts'],
		[{ agent_uuid: 'AGENT', contacts: { phone: '9876543210' } }, 'contacts must be an array'],
		[{ agent_uuid: 42, contacts: [{ phone: '9876543210' }] }, 'agent_uuid must be a string'],
		[
			{ agent_uuid: 'AGENT', contacts: [{ phone: '9876543210' }], enqueue: 'yes' },
			'enqueue must be true or false',
		],
		[[{ phone: '9876543210' }], 'request body must be a JSON object'],
	])('answers 400 for %p', (body: Record<string, unknown> | unknown[], error) => {
		const state = makeState();
		const withAgent =
			!Array.isArray(body) && body.agent_uuid === 'AGENT'
				? { ...body, agent_uuid: activeAgents(state)[0].agent_id }
				: body;
		const response = push(state, withAgent);
		expect(response.status).toBe(400);
		expect(response.body).toEqual({ success: false, error, details: null });
		expect(state.uploads).toHaveLength(7);
	});

	it('answers 403 for an agent that is not on the account or is archived', () => {
		const state = makeState();
		const archived = state.agents.find((agent) => agent.archived);
		for (const agentUuid of ['agent_nobody', archived?.agent_id]) {
			const response = push(state, { agent_uuid: agentUuid, contacts: [{ phone: '9876543210' }] });
			expect(response.status).toBe(403);
			expect(response.body).toEqual({
				success: false,
				error: 'Agent does not belong to this account',
				details: null,
			});
		}
		expect(state.uploads).toHaveLength(7);
	});

	it('answers 404 "Campaign not found" for an unknown campaign before reading the body', () => {
		const response = push(makeState(), {}, 8);
		expect(response.status).toBe(404);
		expect(response.body).toEqual({ success: false, error: 'Campaign not found', details: null });
	});
});

describe('addCampaignContacts', () => {
	it('keeps the file name timestamp in whole seconds of the sandbox clock', () => {
		const state = makeState({ nowIso: '2026-07-01T10:00:00.900+05:30' });
		addCampaignContacts(state, '7', {
			agent_uuid: activeAgents(state)[0].agent_id,
			contacts: [{ phone: '9876543210' }],
		});
		expect(state.uploads.at(-1)?.file_name).toMatch(API_FILE_NAME);
		expect(campaignStatus(state, '7').status).toBe(200);
	});
});
