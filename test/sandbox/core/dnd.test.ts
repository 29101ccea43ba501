import {
	addDndEntry,
	dndNumbers,
	normalizeLoosePhone,
	seedDndNumbers,
} from '../../../sandbox/core/dnd';
import { handleRequest } from '../../../sandbox/core/handler';
import type { SandboxState } from '../../../sandbox/core';
import { makeRequest, makeState } from './helpers';

const NOW_IST = '2026-07-01T10:00:00+05:30';

const activeAgents = (state: SandboxState) => state.agents.filter((agent) => !agent.archived);
const archivedAgent = (state: SandboxState) => {
	const agent = state.agents.find((candidate) => candidate.archived);
	if (!agent) throw new Error('the seed has no archived agent');
	return agent;
};

function add(state: SandboxState, body: unknown) {
	return handleRequest(state, makeRequest('POST', '/v1/dnd_numbers', { body }));
}

function list(state: SandboxState, query: Record<string, string>) {
	return handleRequest(state, makeRequest('GET', '/v1/dnd_numbers', { query }));
}

function remove(state: SandboxState, query: Record<string, string>, body?: unknown) {
	return handleRequest(state, makeRequest('DELETE', '/v1/dnd_numbers', { query, body }));
}

describe('normalizeLoosePhone', () => {
	it.each([
		['9876543210'],
		['98765 43210'],
		['98765-43210'],
		['98765.43210'],
		['098765 43210'],
		['919876543210'],
		['+91 98765 43210'],
		['+91-98765-43210'],
		['0091 98765 43210'],
		[' +919876543210 '],
	])('reads the Indian form %p as +919876543210', (phone) => {
		expect(normalizeLoosePhone(phone)).toEqual({
			e164: '+919876543210',
			countryCode: 'IN',
			nationalNumber: '9876543210',
		});
	});

	it('reads a landline with its STD code in brackets, and other countries in international form', () => {
		expect(normalizeLoosePhone('(022) 2345 6789')?.e164).toBe('+912223456789');
		expect(normalizeLoosePhone('+1 415 555 0100')).toEqual({
			e164: '+14155550100',
			countryCode: 'US',
			nationalNumber: '4155550100',
		});
	});

	it.each([
		['98765abcde'],
		['1-800-FLOWERS'],
		['12345'],
		['98765432100'],
		['+999 1234 5678'],
		['98+7654321'],
		[''],
	])('refuses %p', (phone) => {
		expect(normalizeLoosePhone(phone)).toBeNull();
	});
});

describe('seedDndNumbers', () => {
	it('lists up to three customers who asked not to be called again, on the list of the agent they spoke to', () => {
		const state = makeState();
		const entries = seedDndNumbers(state.calls);
		expect(entries).toHaveLength(3);
		expect(entries.map((entry) => entry.id)).toEqual([1, 2, 3]);
		for (const entry of entries) {
			const call = state.calls.find(
				(candidate) =>
					candidate.detail.phone_number === entry.phone &&
					candidate.detail.agent_uuid === entry.agent_uuid &&
					candidate.detail.summary?.includes('asked not to be called again'),
			);
			expect(call).toBeDefined();
			expect(Date.parse(entry.created_at)).toBe((call?.createdAtMs ?? 0) + 10 * 60 * 1000);
			expect(entry.reason).toBe('Asked not to be called again');
			expect(normalizeLoosePhone(entry.phone)?.e164).toBe(entry.phone);
		}
		const times = entries.map((entry) => Date.parse(entry.created_at));
		expect(times).toEqual([...times].sort((a, b) => a - b));
	});

	it('is what a fresh sandbox holds', () => {
		const state = makeState();
		expect(dndNumbers(state)).toEqual(seedDndNumbers(state.calls));
	});
});

describe('POST /v1/dnd_numbers', () => {
	it('answers 201 with the entry, its phone in E.164 and created_at in IST', () => {
		const state = makeState({ nowIso: NOW_IST });
		const agent = activeAgents(state)[1];
		const response = add(state, {
			agent_uuid: agent.agent_id,
			phone: '098765 43210',
			reason: 'Asked on the phone',
		});
		const expected = {
			id: 4,
			agent_uuid: agent.agent_id,
			phone: '+919876543210',
			reason: 'Asked on the phone',
			created_at: '2026-07-01T10:00:00+05:30',
		};
		expect(response).toEqual({
			status: 201,
			headers: { 'content-type': 'application/json; charset=utf-8' },
			body: { success: true, data: expected },
			effects: [],
		});
		expect(dndNumbers(state).at(-1)).toEqual(expected);
	});

	it('stores a missing or empty reason as null', () => {
		const state = makeState();
		const agentUuid = activeAgents(state)[0].agent_id;
		expect(add(state, { agent_uuid: agentUuid, phone: '9876543210' }).body).toMatchObject({
			data: { reason: null },
		});
		expect(
			add(state, { agent_uuid: agentUuid, phone: '9876543211', reason: '' }).body,
		).toMatchObject({ data: { reason: null } });
	});

	it.each([
		[{ phone: '9876543210' }, 'agent_uuid'],
		[{ agent_uuid: 'AGENT', phone: '' }, 'phone'],
		[{ agent_uuid: 'AGENT', phone: '   ' }, 'phone'],
		[{ agent_uuid: 'AGENT', phone: null }, 'phone'],
		[{ agent_uuid: 'AGENT' }, 'phone'],
		[undefined, 'agent_uuid'],
	])('answers 400 "param is missing" for %p', (body, name) => {
		const state = makeState();
		const fields: Record<string, unknown> | undefined = body;
		const withAgent =
			fields?.agent_uuid === 'AGENT'
				? { ...fields, agent_uuid: activeAgents(state)[0].agent_id }
				: fields;
		const response = add(state, withAgent);
		expect(response.status).toBe(400);
		expect(response.body).toEqual({
			success: false,
			error: `param is missing or the value is empty: ${name}`,
			details: null,
		});
		expect(dndNumbers(state)).toEqual(seedDndNumbers(state.calls));
	});

	it('answers 400 for a phone that is not a number, a phone that is not text and a reason that is not text', () => {
		const state = makeState();
		const agentUuid = activeAgents(state)[0].agent_id;
		expect(add(state, { agent_uuid: agentUuid, phone: '12345' }).body).toEqual({
			success: false,
			error: 'phone is not a valid phone number: 12345',
			details: null,
		});
		expect(add(state, { agent_uuid: agentUuid, phone: 9876543210 }).body).toEqual({
			success: false,
			error: 'phone must be a string',
			details: null,
		});
		expect(
			add(state, { agent_uuid: agentUuid, phone: '9876543210', reason: { why: 'no' } }).body,
		).toEqual({ success: false, error: 'reason must be a string', details: null });
		expect(add(state, ['9876543210']).status).toBe(400);
		expect(dndNumbers(state)).toHaveLength(3);
	});

	it('answers 403 for an agent that is not on the account or is archived', () => {
		const state = makeState();
		for (const agentUuid of ['agent_notOnThisAccount', archivedAgent(state).agent_id]) {
			const response = add(state, { agent_uuid: agentUuid, phone: '9876543210' });
			expect(response.status).toBe(403);
			expect(response.body).toEqual({
				success: false,
				error: 'Agent does not belong to this account',
				details: null,
			});
		}
		expect(dndNumbers(state)).toHaveLength(3);
	});

	it('answers 422 "Phone has already been taken" for a number already on that agent list, in any form', () => {
		const state = makeState();
		const [first, second] = activeAgents(state);
		expect(add(state, { agent_uuid: first.agent_id, phone: '9876543210' }).status).toBe(201);
		const again = add(state, { agent_uuid: first.agent_id, phone: '+91 98765-43210' });
		expect(again.status).toBe(422);
		expect(again.body).toEqual({
			success: false,
			error: 'Phone has already been taken',
			details: null,
		});
		expect(add(state, { agent_uuid: second.agent_id, phone: '9876543210' }).status).toBe(201);
		expect(dndNumbers(state).filter((entry) => entry.phone === '+919876543210')).toHaveLength(2);
	});
});

describe('addDndEntry', () => {
	it('numbers a new entry one above the highest id on any list', () => {
		const state = makeState();
		const agentUuid = activeAgents(state)[0].agent_id;
		const first = addDndEntry(state, { agent_uuid: agentUuid, phone: '9876543210' });
		remove(state, { agent_uuid: agentUuid, phone: '9876543210' });
		const second = addDndEntry(state, { agent_uuid: agentUuid, phone: '9876543211' });
		expect(first.ok && first.entry.id).toBe(4);
		expect(second.ok && second.entry.id).toBe(4);
		state.dndNumbers = [];
		const third = addDndEntry(state, { agent_uuid: agentUuid, phone: '9876543212' });
		expect(third.ok && third.entry.id).toBe(1);
	});
});

describe('GET /v1/dnd_numbers', () => {
	function fillList(state: SandboxState, agentUuid: string, count: number) {
		for (let index = 0; index < count; index++) {
			const phone = `98765${String(index).padStart(5, '0')}`;
			expect(addDndEntry(state, { agent_uuid: agentUuid, phone }).ok).toBe(true);
		}
	}

	it('lists one agent entries newest first with meta like GET /v1/calls', () => {
		const state = makeState();
		const [agent, other] = activeAgents(state);
		state.dndNumbers = [];
		fillList(state, agent.agent_id, 30);
		fillList(state, other.agent_id, 2);

		const first = list(state, { agent_uuid: agent.agent_id });
		expect(first.status).toBe(200);
		const body = first.body as { success: boolean; data: Array<{ id: number }>; meta: unknown };
		expect(body.success).toBe(true);
		expect(body.data.map((entry) => entry.id)).toEqual(
			Array.from({ length: 25 }, (_, index) => 30 - index),
		);
		expect(body.meta).toEqual({ current_page: 1, total_pages: 2, total_count: 30, per_page: 25 });

		const second = list(state, { agent_uuid: agent.agent_id, page: '2', per_page: '25' });
		expect(second.body).toMatchObject({
			data: [{ id: 5 }, { id: 4 }, { id: 3 }, { id: 2 }, { id: 1 }],
			meta: { current_page: 2, total_pages: 2, total_count: 30, per_page: 25 },
		});
		expect(
			list(state, { agent_uuid: agent.agent_id, page: '3' }).body as { data: unknown[] },
		).toMatchObject({ data: [], meta: { current_page: 3, total_pages: 2 } });
	});

	it('returns each entry exactly as POST answered it', () => {
		const state = makeState();
		const agentUuid = activeAgents(state)[2].agent_id;
		const added = add(state, { agent_uuid: agentUuid, phone: '9876543210', reason: 'x' });
		expect(list(state, { agent_uuid: agentUuid }).body).toEqual({
			success: true,
			data: [(added.body as { data: unknown }).data],
			meta: { current_page: 1, total_pages: 1, total_count: 1, per_page: 25 },
		});
	});

	it('caps per_page at 100 and reports one page for an empty list', () => {
		const state = makeState();
		const agentUuid = activeAgents(state)[3].agent_id;
		state.dndNumbers = [];
		expect(list(state, { agent_uuid: agentUuid, per_page: '500' }).body).toEqual({
			success: true,
			data: [],
			meta: { current_page: 1, total_pages: 1, total_count: 0, per_page: 100 },
		});
	});

	it('matches search partially, as typed or by digits', () => {
		const state = makeState();
		const agentUuid = activeAgents(state)[0].agent_id;
		state.dndNumbers = [];
		for (const phone of ['9876543210', '9123456789', '+14155550100']) {
			addDndEntry(state, { agent_uuid: agentUuid, phone });
		}
		const phones = (search: string) =>
			(
				list(state, { agent_uuid: agentUuid, search }).body as { data: Array<{ phone: string }> }
			).data.map((entry) => entry.phone);
		expect(phones('98765')).toEqual(['+919876543210']);
		expect(phones('+1415')).toEqual(['+14155550100']);
		expect(phones('91234 567')).toEqual(['+919123456789']);
		expect(phones('')).toHaveLength(3);
		expect(phones('00000')).toEqual([]);
	});

	it('needs agent_uuid, answers 404 for an agent not on the account, and reads an archived agent list', () => {
		const state = makeState();
		expect(list(state, {}).body).toEqual({
			success: false,
			error: 'param is missing or the value is empty: agent_uuid',
			details: null,
		});
		const unknown = list(state, { agent_uuid: 'agent_nobody' });
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({ success: false, error: 'Agent not found', details: null });
		expect(list(state, { agent_uuid: archivedAgent(state).agent_id }).status).toBe(200);
	});

	it('answers bad page parameters with 422 and an errors array, as GET /v1/calls does', () => {
		const state = makeState();
		const response = list(state, {
			agent_uuid: activeAgents(state)[0].agent_id,
			page: '0',
			per_page: 'ten',
		});
		expect(response.status).toBe(422);
		expect(response.body).toEqual({
			success: false,
			errors: ['page must be a positive integer', 'per_page must be a positive integer'],
		});
	});
});

describe('DELETE /v1/dnd_numbers', () => {
	it('removes the number given in any accepted form, from that agent list only', () => {
		const state = makeState();
		const [agent, other] = activeAgents(state);
		addDndEntry(state, { agent_uuid: agent.agent_id, phone: '9876543210' });
		addDndEntry(state, { agent_uuid: other.agent_id, phone: '9876543210' });

		const response = remove(state, { agent_uuid: agent.agent_id, phone: '+91 98765 43210' });
		expect(response.status).toBe(200);
		expect(response.body).toEqual({ success: true, message: 'Phone removed from DND list' });
		expect(
			dndNumbers(state)
				.filter((entry) => entry.phone === '+919876543210')
				.map((entry) => entry.agent_uuid),
		).toEqual([other.agent_id]);
	});

	it('answers 404 "Phone not found in DND list" for a number not on the list', () => {
		const state = makeState();
		const response = remove(state, {
			agent_uuid: activeAgents(state)[0].agent_id,
			phone: '9876543210',
		});
		expect(response.status).toBe(404);
		expect(response.body).toEqual({
			success: false,
			error: 'Phone not found in DND list',
			details: null,
		});
	});

	it('reads its parameters from the query only: a body does not count', () => {
		const state = makeState();
		const agentUuid = activeAgents(state)[0].agent_id;
		addDndEntry(state, { agent_uuid: agentUuid, phone: '9876543210' });
		const response = remove(state, { agent_uuid: agentUuid }, { phone: '9876543210' });
		expect(response.status).toBe(400);
		expect(response.body).toEqual({
			success: false,
			error: 'param is missing or the value is empty: phone',
			details: null,
		});
		expect(dndNumbers(state)).toHaveLength(4);
	});

	it('answers 403 for an agent that is not on the account, and 400 for a phone that is not a number', () => {
		const state = makeState();
		expect(remove(state, { agent_uuid: 'agent_nobody', phone: '9876543210' }).status).toBe(403);
		expect(
			remove(state, { agent_uuid: activeAgents(state)[0].agent_id, phone: 'call me' }).body,
		).toEqual({
			success: false,
			error: 'phone is not a valid phone number: call me',
			details: null,
		});
	});
});
