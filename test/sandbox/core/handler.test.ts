import { handleRequest, parseJsonBody } from '../../../sandbox/core/handler';
import { makeRequest, makeState } from './helpers';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

describe('parseJsonBody', () => {
	it('parses JSON and leaves empty or broken bodies undefined', () => {
		expect(parseJsonBody('{"a":1}')).toEqual({ a: 1 });
		expect(parseJsonBody('  ')).toBeUndefined();
		expect(parseJsonBody('{"a":')).toBeUndefined();
	});
});

describe('handleRequest', () => {
	it('answers an unknown route with 404 before looking at the token', () => {
		const response = handleRequest(makeState(), makeRequest('GET', '/v2/calls', { token: null }));
		expect(response).toEqual({
			status: 404,
			headers: JSON_HEADERS,
			body: { success: false, error: 'No route matches GET /v2/calls' },
			effects: [],
		});
	});

	it('answers a known path with the wrong method as an unknown route', () => {
		expect(handleRequest(makeState(), makeRequest('DELETE', '/v1/calls')).status).toBe(404);
	});

	it.each([
		['GET', '/v1/active_agents'],
		['POST', '/call'],
		['POST', '/v1/call'],
		['GET', '/v1/calls'],
		['GET', '/v1/call/00000000-0000-4000-8000-000000000000'],
	])('answers %s %s with 401 when the token is missing or wrong', (method, path) => {
		const expected = {
			status: 401,
			headers: JSON_HEADERS,
			body: { success: false, error: 'Invalid or missing API-Token' },
			effects: [],
		};
		expect(handleRequest(makeState(), makeRequest(method, path, { token: null }))).toEqual(
			expected,
		);
		expect(handleRequest(makeState(), makeRequest(method, path, { token: 'wrong-token' }))).toEqual(
			expected,
		);
	});

	it('answers a body that is not JSON with 400', () => {
		const response = handleRequest(
			makeState(),
			makeRequest('POST', '/call', { rawBody: '{"agent_uuid":' }),
		);
		expect(response.status).toBe(400);
		expect(response.body).toEqual({ success: false, error: 'Malformed JSON body' });
	});

	it('tolerates one trailing slash', () => {
		expect(handleRequest(makeState(), makeRequest('GET', '/v1/active_agents/')).status).toBe(200);
	});

	it('lists only the active agents, as a bare array', () => {
		const state = makeState();
		const response = handleRequest(state, makeRequest('GET', '/v1/active_agents'));
		expect(response.body).toEqual(
			state.agents
				.filter((agent) => !agent.archived)
				.map((agent) => ({ agent_id: agent.agent_id, name: agent.name, status: 'active' })),
		);
	});

	it('places a call and hands the shell the work of finishing it', () => {
		const state = makeState({ callDurationMs: 150 });
		const response = handleRequest(
			state,
			makeRequest('POST', '/call', {
				body: {
					agent_uuid: state.agents[1].agent_id,
					phone_number: '9876543210',
					country_code: 'IN',
				},
			}),
		);
		const callId = state.calls[0].detail.call_id;
		expect(response).toEqual({
			status: 200,
			headers: JSON_HEADERS,
			body: { success: true, data: { call_id: callId } },
			effects: [{ kind: 'finishCall', callId, afterMs: 150 }],
		});
		expect(state.calls[0].detail.agent_uuid).toBe(state.agents[1].agent_id);
	});

	it('answers 403 for an agent that is not on the account, or archived, and places nothing', () => {
		const state = makeState();
		const archived = state.agents.find((agent) => agent.archived);
		for (const agentUuid of ['agent_notOnThisAccount', archived?.agent_id]) {
			const response = handleRequest(
				state,
				makeRequest('POST', '/v1/call', {
					body: { agent_uuid: agentUuid, phone_number: '9876543210', country_code: 'IN' },
				}),
			);
			expect(response.status).toBe(403);
			expect(response.body).toEqual({
				success: false,
				error: 'Agent does not belong to this account',
			});
		}
		expect(state.calls).toHaveLength(300);
	});

	it('answers validation errors of /call with 422 and an errors array', () => {
		const response = handleRequest(
			makeState(),
			makeRequest('POST', '/call', { body: { country_code: 'IN' } }),
		);
		expect(response.status).toBe(422);
		expect(response.body).toEqual({
			success: false,
			errors: ['agent_uuid is required', 'phone_number is required'],
		});
	});

	it('answers validation errors of /v1/call with 400, one error string and null details', () => {
		const response = handleRequest(
			makeState(),
			makeRequest('POST', '/v1/call', { body: { country_code: 'IN' } }),
		);
		expect(response.status).toBe(400);
		expect(response.body).toEqual({
			success: false,
			error: 'agent_uuid is required; phone_number is required',
			details: null,
		});
	});

	it('answers 404 when listing by an agent that is not on the account', () => {
		const response = handleRequest(
			makeState(),
			makeRequest('GET', '/v1/calls', { query: { agent_uuid: 'agent_nobody' } }),
		);
		expect(response.status).toBe(404);
		expect(response.body).toEqual({ success: false, error: 'Agent not found' });
	});

	it('lists the calls of the archived agent', () => {
		const state = makeState();
		const archived = state.agents.find((agent) => agent.archived);
		const response = handleRequest(
			state,
			makeRequest('GET', '/v1/calls', { query: { agent_uuid: archived?.agent_id ?? '' } }),
		);
		const expected = state.calls.filter(
			(call) => call.detail.agent_uuid === archived?.agent_id,
		).length;
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({ success: true, meta: { total_count: expected } });
		expect(expected).toBeGreaterThan(0);
	});

	it('answers invalid list parameters with 422 and an errors array', () => {
		const response = handleRequest(
			makeState(),
			makeRequest('GET', '/v1/calls', { query: { status: 'done' } }),
		);
		expect(response.status).toBe(422);
		expect(response.body).toEqual({
			success: false,
			errors: [
				'status must be one of picked, not_picked, failed, busy, voicemail, in_progress (got done)',
			],
		});
	});

	it('returns one call with its detail fields, also for an upper-case id', () => {
		const state = makeState();
		const call = state.calls[10].detail;
		const response = handleRequest(
			state,
			makeRequest('GET', `/v1/call/${call.call_id.toUpperCase()}`),
		);
		expect(response.status).toBe(200);
		expect(response.body).toEqual({ success: true, data: call });
	});

	it.each([['00000000-0000-4000-8000-000000000000'], ['call_abc123xyz'], ['%E0%A4%A']])(
		'answers 404 for the call id %s',
		(id) => {
			const response = handleRequest(makeState(), makeRequest('GET', `/v1/call/${id}`));
			expect(response.status).toBe(404);
			expect(response.body).toEqual({ success: false, error: 'Call not found' });
		},
	);
});
