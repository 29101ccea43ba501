import { sleep } from 'n8n-workflow';

import type { CallDetail, SandboxSnapshot } from '../../sandbox/core';
import { DEFAULT_TOKEN, startReceiver, startSandbox } from '../../sandbox/server';
import { callApi, query, useSandbox } from './helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ListBody {
	success: boolean;
	data: CallDetail[];
	meta: { current_page: number; total_pages: number; total_count: number; per_page: number };
}

const { sandbox, api } = useSandbox({ callDurationMs: 50 });
let seeded: SandboxSnapshot;

beforeAll(() => {
	seeded = sandbox().snapshot();
});

const activeAgents = () => seeded.agents.filter((agent) => !agent.archived);
const archivedAgent = () => {
	const agent = seeded.agents.find((candidate) => candidate.archived);
	if (!agent) throw new Error('the seed has no archived agent');
	return agent;
};

async function listAll(params: Record<string, string | number>): Promise<CallDetail[]> {
	const calls: CallDetail[] = [];
	for (let page = 1; ; page++) {
		const response = await api(`/v1/calls${query({ ...params, per_page: 100, page })}`);
		expect(response.status).toBe(200);
		const body = response.json as ListBody;
		calls.push(...body.data);
		if (page >= body.meta.total_pages) return calls;
	}
}

const idsOf = (calls: Array<{ call_id: string }>) => calls.map((call) => call.call_id);

function placeBody(overrides: Record<string, unknown> = {}) {
	return {
		agent_uuid: activeAgents()[0].agent_id,
		phone_number: '9876543210',
		country_code: 'IN',
		...overrides,
	};
}

describe('authentication', () => {
	it.each([
		['GET', '/v1/active_agents'],
		['POST', '/call'],
		['POST', '/v1/call'],
		['GET', '/v1/calls'],
		['GET', `/v1/call/00000000-0000-4000-8000-000000000000`],
	])('answers %s %s with 401 without a valid API-Token', async (method, path) => {
		for (const token of [null, 'not-the-token', sandbox().token.toUpperCase()]) {
			const response = await api(path, { method, token });
			expect(response.status).toBe(401);
			expect(response.json).toEqual({ success: false, error: 'Invalid or missing API-Token' });
		}
	});

	it('uses a 16-character token by default, as OSVI tokens are', () => {
		expect(sandbox().token).toBe(DEFAULT_TOKEN);
		expect(DEFAULT_TOKEN).toHaveLength(16);
	});

	it('accepts only the token configured at start-up', async () => {
		const custom = await startSandbox({ token: 'exampletoken1234', callCount: 5 });
		try {
			expect(custom.token).toBe('exampletoken1234');
			expect((await callApi(custom, '/v1/active_agents')).status).toBe(200);
			expect((await callApi(custom, '/v1/active_agents', { token: DEFAULT_TOKEN })).status).toBe(
				401,
			);
		} finally {
			await custom.close();
		}
	});
});

describe('GET /v1/active_agents', () => {
	it('lists the active agents as a bare array without the archived one', async () => {
		const response = await api('/v1/active_agents');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(response.json).toEqual(
			activeAgents().map((agent) => ({
				agent_id: agent.agent_id,
				name: agent.name,
				status: 'active',
			})),
		);
		expect(activeAgents()).toHaveLength(4);
		const listedIds = (response.json as Array<{ agent_id: string }>).map((agent) => agent.agent_id);
		expect(listedIds).not.toContain(archivedAgent().agent_id);
	});
});

describe('POST /call', () => {
	it('places a call that then leads the call list as an outbound call in progress', async () => {
		const response = await api('/call', {
			method: 'POST',
			body: placeBody({ person_name: 'John Doe', additional_data: { plan: 'Pro' } }),
		});

		expect(response.status).toBe(200);
		const { data } = response.json as { success: true; data: { call_id: string } };
		expect(response.json).toEqual({
			success: true,
			data: { call_id: expect.stringMatching(UUID) },
		});

		const list = (await api('/v1/calls')).json as ListBody;
		expect(list.meta.total_count).toBe(seeded.calls.length + 1);
		expect(list.data[0]).toMatchObject({
			call_id: data.call_id,
			agent_uuid: activeAgents()[0].agent_id,
			agent_name: activeAgents()[0].name,
			phone_number: '+919876543210',
			status: 'in_progress',
			call_type: 'outbound',
		});
		expect(list.data[1].call_id).toBe(seeded.calls[0].call_id);
	});

	it.each([
		[{ agent_uuid: undefined }, ['agent_uuid is required']],
		[
			{ phone_number: undefined, country_code: undefined },
			['phone_number is required', 'country_code is required'],
		],
		[
			{ country_code: 'ZZ' },
			['country_code must be an ISO 3166-1 alpha-2 country code (got "ZZ")'],
		],
		[
			{ phone_number: '+91 98765 43210' },
			['phone_number must contain digits only, without the country code'],
		],
		[{ phone_number: '98765' }, ['phone_number is invalid for country IN']],
		[
			{ phone_number: '4155550100', country_code: 'GB' },
			['phone_number is invalid for country GB'],
		],
		[
			{ webhook_url: 'mailto:ops@example.com' },
			['webhook_url must be an http or https URL with a host'],
		],
		[{ additional_data: ['a', 'b'] }, ['additional_data must be a JSON object']],
	])('answers %p with 422 and the errors %p', async (overrides, errors) => {
		const response = await api('/call', {
			method: 'POST',
			body: placeBody(overrides),
		});
		expect(response.status).toBe(422);
		expect(response.json).toEqual({ success: false, errors });
		expect(sandbox().snapshot().calls).toHaveLength(seeded.calls.length);
	});

	it('answers 403 for an agent that is not on the account', async () => {
		const response = await api('/call', {
			method: 'POST',
			body: placeBody({ agent_uuid: 'agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og' }),
		});
		expect(response.status).toBe(403);
		expect(response.json).toEqual({
			success: false,
			error: 'Agent does not belong to this account',
		});
	});

	it('answers a body that is not JSON with 400', async () => {
		const response = await api('/call', {
			method: 'POST',
			rawBody: '{"agent_uuid": "a",',
		});
		expect(response.status).toBe(400);
		expect(response.json).toEqual({ success: false, error: 'Malformed JSON body' });
	});
});

describe('POST /v1/call', () => {
	it('places a call like the legacy path', async () => {
		const response = await api('/v1/call', {
			method: 'POST',
			body: placeBody({ initial_greeting: 'Hi! This is OSVI.' }),
		});
		expect(response.status).toBe(200);
		expect(response.json).toEqual({
			success: true,
			data: { call_id: expect.stringMatching(UUID) },
		});
	});

	it('answers validation errors with 400, one error string and null details', async () => {
		const response = await api('/v1/call', {
			method: 'POST',
			body: placeBody({ country_code: 'in', initial_greeting: 'x'.repeat(2001) }),
		});
		expect(response.status).toBe(400);
		expect(response.json).toEqual({
			success: false,
			error:
				'country_code must be an ISO 3166-1 alpha-2 country code (got "in"); initial_greeting must be at most 2000 characters',
			details: null,
		});
	});

	it('answers 403 for the archived agent', async () => {
		const response = await api('/v1/call', {
			method: 'POST',
			body: placeBody({ agent_uuid: archivedAgent().agent_id }),
		});
		expect(response.status).toBe(403);
	});
});

describe('unknown routes', () => {
	it('answers 404 with a JSON error', async () => {
		const response = await api('/v1/chat/session', {
			method: 'POST',
			body: {},
		});
		expect(response.status).toBe(404);
		expect(response.json).toEqual({
			success: false,
			error: 'No route matches POST /v1/chat/session',
		});
	});
});

describe('GET /v1/calls filters', () => {
	it('returns every seeded call newest first without filters', async () => {
		expect(idsOf(await listAll({}))).toEqual(idsOf(seeded.calls));
	});

	it.each([['picked'], ['not_picked'], ['failed'], ['busy'], ['voicemail'], ['in_progress']])(
		'filters by the status %s',
		async (status) => {
			const expected = seeded.calls.filter((call) => call.status === status);
			expect(expected.length).toBeGreaterThan(0);
			expect(idsOf(await listAll({ status }))).toEqual(idsOf(expected));
		},
	);

	it('filters by a comma-separated list of statuses', async () => {
		const expected = seeded.calls.filter((call) => ['busy', 'voicemail'].includes(call.status));
		expect(idsOf(await listAll({ status: 'busy,voicemail' }))).toEqual(idsOf(expected));
	});

	it('answers an unknown status with 422', async () => {
		const response = await api(`/v1/calls${query({ status: 'picked,answered' })}`);
		expect(response.status).toBe(422);
		expect(response.json).toEqual({
			success: false,
			errors: [
				'status must be one of picked, not_picked, failed, busy, voicemail, in_progress (got answered)',
			],
		});
	});

	it('filters by agent, including the archived one', async () => {
		for (const agent of seeded.agents) {
			const expected = seeded.calls.filter((call) => call.agent_uuid === agent.agent_id);
			expect(expected.length).toBeGreaterThan(0);
			expect(idsOf(await listAll({ agent_uuid: agent.agent_id }))).toEqual(idsOf(expected));
		}
	});

	it('answers 404 for an agent that is not on the account', async () => {
		const response = await api(`/v1/calls${query({ agent_uuid: 'agent_unknown' })}`);
		expect(response.status).toBe(404);
		expect(response.json).toEqual({ success: false, error: 'Agent not found' });
	});

	it('filters by campaign and by contact upload', async () => {
		const withUpload = seeded.calls.find((call) => call.campaign_upload_id !== null);
		const campaignId = withUpload?.campaign_id ?? -1;
		const uploadId = withUpload?.campaign_upload_id ?? -1;
		expect(idsOf(await listAll({ campaign_id: campaignId }))).toEqual(
			idsOf(seeded.calls.filter((call) => call.campaign_id === campaignId)),
		);
		expect(idsOf(await listAll({ campaign_upload_id: uploadId }))).toEqual(
			idsOf(seeded.calls.filter((call) => call.campaign_upload_id === uploadId)),
		);
	});

	it.each([['campaign_id'], ['campaign_upload_id']])(
		'answers a non-integer %s with 422',
		async (name) => {
			const response = await api(`/v1/calls${query({ [name]: 'seven' })}`);
			expect(response.status).toBe(422);
			expect(response.json).toEqual({ success: false, errors: [`${name} must be an integer`] });
		},
	);

	it('filters by part of the phone number, as national digits or with the plus sign', async () => {
		const number = seeded.calls[5].phone_number;
		const part = number.slice(-7, -2);
		const expected = seeded.calls.filter((call) => call.phone_number.includes(part));
		expect(idsOf(await listAll({ phone_number: part }))).toEqual(idsOf(expected));
		expect(idsOf(await listAll({ phone_number: number }))).toEqual(
			idsOf(seeded.calls.filter((call) => call.phone_number === number)),
		);
	});

	it.each([['inbound'], ['outbound']])('filters by the call type %s', async (callType) => {
		const expected = seeded.calls.filter((call) => call.call_type === callType);
		expect(idsOf(await listAll({ call_type: callType }))).toEqual(idsOf(expected));
	});

	it('combines filters', async () => {
		const expected = seeded.calls.filter(
			(call) =>
				['picked', 'busy'].includes(call.status) &&
				call.call_type === 'outbound' &&
				call.campaign_id === 7,
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(
			idsOf(await listAll({ status: 'picked,busy', call_type: 'outbound', campaign_id: 7 })),
		).toEqual(idsOf(expected));
	});
});

describe('GET /v1/calls pagination', () => {
	it('serves 25 calls on page 1 by default with OSVI meta', async () => {
		const response = await api('/v1/calls');
		const body = response.json as ListBody;
		expect(body.success).toBe(true);
		expect(idsOf(body.data)).toEqual(idsOf(seeded.calls.slice(0, 25)));
		expect(body.meta).toEqual({
			current_page: 1,
			total_pages: Math.ceil(seeded.calls.length / 25),
			total_count: seeded.calls.length,
			per_page: 25,
		});
	});

	it('caps per_page at 100', async () => {
		const body = (await api(`/v1/calls${query({ per_page: 250 })}`)).json as ListBody;
		expect(body.data).toHaveLength(100);
		expect(body.meta.per_page).toBe(100);
		expect(body.meta.total_pages).toBe(Math.ceil(seeded.calls.length / 100));
	});

	it('serves the calls of a later page', async () => {
		const body = (await api(`/v1/calls${query({ per_page: 40, page: 3 })}`)).json as ListBody;
		expect(idsOf(body.data)).toEqual(idsOf(seeded.calls.slice(80, 120)));
		expect(body.meta.current_page).toBe(3);
	});

	it('returns no calls past the last page but keeps the totals', async () => {
		const body = (await api(`/v1/calls${query({ page: 50 })}`)).json as ListBody;
		expect(body).toEqual({
			success: true,
			data: [],
			meta: {
				current_page: 50,
				total_pages: Math.ceil(seeded.calls.length / 25),
				total_count: seeded.calls.length,
				per_page: 25,
			},
		});
	});

	it('reports one empty page when nothing matches', async () => {
		const body = (await api(`/v1/calls${query({ phone_number: '000000000000' })}`)).json;
		expect(body).toEqual({
			success: true,
			data: [],
			meta: { current_page: 1, total_pages: 1, total_count: 0, per_page: 25 },
		});
	});

	it.each([[{ per_page: 0 }], [{ per_page: 'ten' }], [{ page: 0 }], [{ page: 1.5 }]])(
		'answers %p with 422',
		async (params) => {
			const response = await api(`/v1/calls${query(params)}`);
			expect(response.status).toBe(422);
			expect(response.json).toEqual({
				success: false,
				errors: [`${Object.keys(params)[0]} must be a positive integer`],
			});
		},
	);
});

describe('GET /v1/calls date bounds', () => {
	const picked = () => seeded.calls.filter((call) => call.call_picked_at !== null);

	it('reads a plain date as a whole day in IST, on call_picked_at', async () => {
		const day = picked()[40].call_picked_at?.slice(0, 10) ?? '';
		const expected = picked().filter((call) => call.call_picked_at?.startsWith(day));
		expect(idsOf(await listAll({ start_date: day, end_date: day }))).toEqual(idsOf(expected));
	});

	it('drops calls that were never picked up once a date bound is given', async () => {
		const result = await listAll({ start_date: '2000-01-01' });
		expect(idsOf(result)).toEqual(idsOf(picked()));
		expect(result.length).toBeLessThan(seeded.calls.length);
	});

	it('treats bounds with an offset as inclusive instants', async () => {
		const instant = picked()[10].call_picked_at ?? '';
		const expected = picked().filter((call) => call.call_picked_at === instant);
		expect(idsOf(await listAll({ start_date: instant, end_date: instant }))).toEqual(
			idsOf(expected),
		);

		const utc = new Date(Date.parse(instant)).toISOString();
		const after = picked().filter(
			(call) => Date.parse(call.call_picked_at ?? '') >= Date.parse(instant),
		);
		expect(idsOf(await listAll({ start_date: utc }))).toEqual(idsOf(after));
	});

	it('answers a timestamp without an offset with 422', async () => {
		const response = await api(`/v1/calls${query({ start_date: '2026-06-10T09:00:00' })}`);
		expect(response.status).toBe(422);
		expect(response.json).toEqual({
			success: false,
			errors: [
				'start_date must be a date (YYYY-MM-DD) or an ISO 8601 timestamp with a time zone offset',
			],
		});
	});

	it('answers an unencoded plus sign (read as a space) with 422', async () => {
		const response = await api('/v1/calls?start_date=2026-06-10T09:00:00+05:30');
		expect(response.status).toBe(422);
	});

	it('puts a call picked up shortly after midnight IST on the IST day, not the UTC one', async () => {
		const earlyMorning = await startSandbox({
			callCount: 10,
			callDurationMs: 60_000,
			now: () => Date.parse('2026-07-01T01:00:00+05:30'),
		});
		try {
			const agent = (await callApi(earlyMorning, '/v1/active_agents')).json as Array<{
				agent_id: string;
			}>;
			const placed = await callApi(earlyMorning, '/call', {
				method: 'POST',
				body: { agent_uuid: agent[0].agent_id, phone_number: '9876543210', country_code: 'IN' },
			});
			const { call_id: callId } = (placed.json as { data: { call_id: string } }).data;
			const list = async (params: Record<string, string>) =>
				idsOf(((await callApi(earlyMorning, `/v1/calls${query(params)}`)).json as ListBody).data);

			expect(await list({ start_date: '2026-07-01', end_date: '2026-07-01' })).toEqual([callId]);
			expect(await list({ end_date: '2026-06-30' })).not.toContain(callId);
			expect(
				await list({ start_date: '2026-06-30T19:30:00Z', end_date: '2026-06-30T19:30:00Z' }),
			).toEqual([callId]);
		} finally {
			await earlyMorning.close();
		}
	});
});

describe('GET /v1/call/{id}', () => {
	it('returns the call with its detail fields', async () => {
		const call = seeded.calls.find((candidate) => candidate.status === 'picked');
		const response = await api(`/v1/call/${call?.call_id}`);
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ success: true, data: call });
		expect(Object.keys((response.json as { data: object }).data)).toEqual(
			expect.arrayContaining([
				'caller_name',
				'retry_count',
				'summary',
				'data_captured',
				'post_call_analysis',
			]),
		);
	});

	it.each([['5f0c8a8e-1111-4222-8333-444455556666'], ['call_abc123xyz']])(
		'answers 404 for the unknown or malformed id %s',
		async (id) => {
			const response = await api(`/v1/call/${id}`);
			expect(response.status).toBe(404);
			expect(response.json).toEqual({ success: false, error: 'Call not found' });
		},
	);
});

describe('call completion and the per-call webhook', () => {
	async function placeWithWebhook(webhookUrl: string, phoneNumber: string) {
		const response = await api('/call', {
			method: 'POST',
			body: placeBody({
				phone_number: phoneNumber,
				webhook_url: webhookUrl,
				person_name: 'Asha Rao',
			}),
		});
		expect(response.status).toBe(200);
		return (response.json as { data: { call_id: string } }).data.call_id;
	}

	it('POSTs the Variant A payload to the exact webhook URL when a picked call ends', async () => {
		const receiver = await startReceiver();
		try {
			const webhookUrl = `${receiver.url}/osvi/hook?secret=abc&run=1`;
			const callId = await placeWithWebhook(webhookUrl, '9876543210');
			const expectedPayload = {
				agent_name: activeAgents()[0].name,
				agent_uuid: activeAgents()[0].agent_id,
				phone_number: '+919876543210',
				call_log_id: callId,
				chat: expect.stringMatching(
					/^Agent: Hello Asha Rao, [^\n]+\nUser: [^\n]+(\n(Agent|User): [^\n]+)*$/,
				),
				call_status: 'picked',
				executionMode: 'test',
			};

			const [request] = await receiver.waitForRequests(1, 3000);
			expect(request).toMatchObject({
				method: 'POST',
				path: '/osvi/hook',
				query: { secret: 'abc', run: '1' },
				headers: expect.objectContaining({ 'content-type': 'application/json' }),
			});
			expect(request.body).toEqual(expectedPayload);
			expect(JSON.parse(request.rawBody)).toEqual(request.body);
			expect(Object.keys(request.body as object).sort()).toEqual([
				'agent_name',
				'agent_uuid',
				'call_log_id',
				'call_status',
				'chat',
				'executionMode',
				'phone_number',
			]);

			const deliveries = await sandbox().waitForWebhookDeliveries(1, 3000);
			expect(deliveries).toEqual([{ url: webhookUrl, payload: request.body, status: 200 }]);

			const detail = (await api(`/v1/call/${callId}`)).json as { data: CallDetail };
			expect(detail.data).toMatchObject({
				status: 'picked',
				call_ended_reason: 'assistant-ended-call',
			});
		} finally {
			await receiver.close();
		}
	});

	it.each([
		['9876543217', 'not_picked'],
		['9876543218', 'busy'],
		['9876543219', 'failed'],
	])('reports a call to %s as %s with an empty chat', async (phoneNumber, callStatus) => {
		const receiver = await startReceiver();
		try {
			const callId = await placeWithWebhook(`${receiver.url}/hook`, phoneNumber);
			const [request] = await receiver.waitForRequests(1, 3000);
			expect(request.body).toEqual({
				agent_name: activeAgents()[0].name,
				agent_uuid: activeAgents()[0].agent_id,
				phone_number: `+91${phoneNumber}`,
				call_log_id: callId,
				chat: '',
				call_status: callStatus,
				executionMode: 'test',
			});
		} finally {
			await receiver.close();
		}
	});

	it('ends a call placed without a webhook after the call duration and sends nothing', async () => {
		const response = await api('/call', {
			method: 'POST',
			body: placeBody({ phone_number: '9876543218' }),
		});
		const { call_id: callId } = (response.json as { data: { call_id: string } }).data;
		let status = '';
		for (let attempt = 0; attempt < 50 && status !== 'busy'; attempt++) {
			await sleep(20);
			status = ((await api(`/v1/call/${callId}`)).json as { data: CallDetail }).data.status;
		}
		expect(status).toBe('busy');
		expect(sandbox().webhookDeliveries()).toEqual([]);
	});

	it('records a delivery that could not reach its target', async () => {
		const receiver = await startReceiver();
		const deadUrl = `${receiver.url}/gone`;
		await receiver.close();

		await placeWithWebhook(deadUrl, '9876543210');

		const [delivery] = await sandbox().waitForWebhookDeliveries(1, 3000);
		expect(delivery).toEqual({
			url: deadUrl,
			payload: expect.objectContaining({ call_status: 'picked' }),
			error: expect.any(String),
		});
		expect(delivery.status).toBeUndefined();
	});
});
