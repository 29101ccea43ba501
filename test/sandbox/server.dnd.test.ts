import type { DndEntry } from '../../sandbox/core';
import { query, useSandbox } from './helpers';

const { sandbox, api, control } = useSandbox({ callDurationMs: 50 });
let seededDnd: DndEntry[];

beforeAll(() => {
	seededDnd = sandbox().dndNumbers();
});

const agentIds = () =>
	sandbox()
		.snapshot()
		.agents.filter((agent) => !agent.archived)
		.map((agent) => agent.agent_id);

describe('the Do Not Disturb routes over HTTP', () => {
	it.each([
		['POST', '/v1/dnd_numbers'],
		['GET', '/v1/dnd_numbers'],
		['DELETE', '/v1/dnd_numbers'],
	])('answers %s %s with 401 without a valid API-Token', async (method, path) => {
		for (const token of [null, 'wrongtoken000000']) {
			const response = await api(path, { method, token });
			expect(response.status).toBe(401);
			expect(response.json).toEqual({ success: false, error: 'Invalid or missing API-Token' });
		}
	});

	it('adds a number with 201, lists it, and removes it through query parameters', async () => {
		const [agentUuid] = agentIds();
		const added = await api('/v1/dnd_numbers', {
			method: 'POST',
			body: { agent_uuid: agentUuid, phone: '98765 43210', reason: 'Asked by e-mail' },
		});
		expect(added.status).toBe(201);
		expect(added.headers.get('content-type')).toBe('application/json; charset=utf-8');
		const entry = {
			id: seededDnd.length + 1,
			agent_uuid: agentUuid,
			phone: '+919876543210',
			reason: 'Asked by e-mail',
			created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:30$/),
		};
		expect(added.json).toEqual({ success: true, data: entry });

		const listed = await api(
			`/v1/dnd_numbers${query({ agent_uuid: agentUuid, search: '43210', per_page: 10 })}`,
		);
		expect(listed.status).toBe(200);
		expect(listed.json).toEqual({
			success: true,
			data: [entry],
			meta: { current_page: 1, total_pages: 1, total_count: 1, per_page: 10 },
		});

		const removed = await api(
			`/v1/dnd_numbers${query({ agent_uuid: agentUuid, phone: '+91 98765 43210' })}`,
			{ method: 'DELETE' },
		);
		expect(removed.status).toBe(200);
		expect(removed.json).toEqual({ success: true, message: 'Phone removed from DND list' });
		expect(sandbox().dndNumbers()).toEqual(seededDnd);

		const again = await api(
			`/v1/dnd_numbers${query({ agent_uuid: agentUuid, phone: '9876543210' })}`,
			{ method: 'DELETE' },
		);
		expect(again.status).toBe(404);
		expect(again.json).toEqual({
			success: false,
			error: 'Phone not found in DND list',
			details: null,
		});
	});

	it('answers a missing phone with the documented 400 body', async () => {
		const response = await api('/v1/dnd_numbers', {
			method: 'POST',
			body: { agent_uuid: agentIds()[0] },
		});
		expect(response.status).toBe(400);
		expect(response.json).toEqual({
			success: false,
			error: 'param is missing or the value is empty: phone',
			details: null,
		});
	});

	it('does not read DELETE parameters from a JSON body', async () => {
		const [agentUuid] = agentIds();
		sandbox().addDndNumber({ agent_uuid: agentUuid, phone: '9876543210' });
		const response = await api('/v1/dnd_numbers', {
			method: 'DELETE',
			body: { agent_uuid: agentUuid, phone: '9876543210' },
		});
		expect(response.status).toBe(400);
		expect(response.json).toEqual({
			success: false,
			error: 'param is missing or the value is empty: agent_uuid',
			details: null,
		});
		expect(sandbox().dndNumbers()).toHaveLength(seededDnd.length + 1);
	});
});

describe('the Do Not Disturb state for tests', () => {
	it('starts with the seeded entries, each on the list of an agent of the account', () => {
		expect(seededDnd.length).toBeGreaterThan(0);
		const agents = sandbox()
			.snapshot()
			.agents.map((agent) => agent.agent_id);
		for (const entry of seededDnd) expect(agents).toContain(entry.agent_uuid);
	});

	it('adds entries in process, all or nothing, and hands out copies', () => {
		const [first, second] = agentIds();
		const added = sandbox().addDndNumber([
			{ agent_uuid: first, phone: '9876543210' },
			{ agent_uuid: second, phone: '+14155550100', reason: 'Opted out' },
		]);
		expect(added.map(({ agent_uuid, phone, reason }) => ({ agent_uuid, phone, reason }))).toEqual([
			{ agent_uuid: first, phone: '+919876543210', reason: null },
			{ agent_uuid: second, phone: '+14155550100', reason: 'Opted out' },
		]);
		expect(sandbox().dndNumbers()).toEqual([...seededDnd, ...added]);

		expect(() =>
			sandbox().addDndNumber([
				{ agent_uuid: first, phone: '9123456789' },
				{ agent_uuid: first, phone: '98765 43210' },
			]),
		).toThrow(
			'Invalid DND entry {"agent_uuid":"' +
				first +
				'","phone":"98765 43210"}: Phone has already been taken',
		);
		expect(() =>
			sandbox().addDndNumber({ agent_uuid: 'agent_nobody', phone: '9123456789' }),
		).toThrow(/Agent does not belong to this account/);
		expect(sandbox().dndNumbers()).toEqual([...seededDnd, ...added]);

		sandbox().dndNumbers()[0].phone = '+910000000000';
		expect(sandbox().dndNumbers()[0].phone).toBe(seededDnd[0].phone);
	});

	it('serves the list and adds entries through /__sandbox/dnd, refusing a bad entry with 400', async () => {
		const [agentUuid] = agentIds();
		expect(await control('GET', 'dnd')).toEqual({ status: 200, json: seededDnd });

		const added = await control('POST', 'dnd', { agent_uuid: agentUuid, phone: '9876543210' });
		expect(added.status).toBe(200);
		expect(added.json).toEqual({ ok: true, added: [sandbox().dndNumbers().at(-1)] });

		const refused = await control('POST', 'dnd', [
			{ agent_uuid: agentUuid, phone: '9123456789' },
			{ agent_uuid: agentUuid, phone: 'nope' },
		]);
		expect(refused).toEqual({
			status: 400,
			json: {
				ok: false,
				error: `Invalid DND entry {"agent_uuid":"${agentUuid}","phone":"nope"}: phone is not a valid phone number: nope`,
			},
		});
		expect((await control('GET', 'dnd')).json).toEqual(sandbox().dndNumbers());
		expect(sandbox().dndNumbers()).toHaveLength(seededDnd.length + 1);
	});

	it('goes back to the seeded entries on reset', async () => {
		const [agentUuid] = agentIds();
		sandbox().addDndNumber({ agent_uuid: agentUuid, phone: '9876543210' });
		await api(
			`/v1/dnd_numbers${query({ agent_uuid: seededDnd[0].agent_uuid, phone: seededDnd[0].phone })}`,
			{ method: 'DELETE' },
		);
		sandbox().reset();
		expect(sandbox().dndNumbers()).toEqual(seededDnd);
	});
});
