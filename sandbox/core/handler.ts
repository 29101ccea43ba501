import { getCallDetail, getCallRecording, getCallTranscript } from './callRecords';
import { placeCall, validateCallBody, type CallEndpoint } from './calls';
import { addCampaignContacts, campaignStatus } from './campaigns';
import { addDndNumber, listDndNumbers, removeDndNumber, type EndpointAnswer } from './dnd';
import { listCalls, parseListQuery } from './listCalls';
import type { ActiveAgent, SandboxRequest, SandboxResponse, SandboxState } from './types';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function reply(
	status: number,
	body: unknown,
	effects: SandboxResponse['effects'] = [],
): SandboxResponse {
	return { status, headers: { ...JSON_HEADERS }, body, effects };
}

const failure = (status: number, error: string) => reply(status, { success: false, error });
const fromEndpoint = (answer: EndpointAnswer) => reply(answer.status, answer.body, answer.effects);

/** `GET /v1/active_agents`: a bare array, unlike every other v1 endpoint. */
function activeAgents(state: SandboxState): SandboxResponse {
	const agents: ActiveAgent[] = state.agents
		.filter((agent) => !agent.archived)
		.map((agent) => ({ agent_id: agent.agent_id, name: agent.name, status: 'active' }));
	return reply(200, agents);
}

/** `POST /call` answers validation errors in the intro page's envelope, `POST /v1/call` in the v1 pages' one. */
function initiateCall(state: SandboxState, request: SandboxRequest, endpoint: CallEndpoint) {
	const validation = validateCallBody(request.body, endpoint);
	if (!validation.ok) {
		return endpoint === 'legacy'
			? reply(422, { success: false, errors: validation.errors })
			: reply(400, { success: false, error: validation.errors.join('; '), details: null });
	}
	// Only active agents can dial; what OSVI answers for an archived one is not documented.
	const agent = state.agents.find(
		(candidate) => candidate.agent_id === validation.input.agentUuid && !candidate.archived,
	);
	if (!agent) return failure(403, 'Agent does not belong to this account');
	const { returnedCallId, effects } = placeCall(state, agent, validation.input);
	return reply(200, { success: true, data: { call_id: returnedCallId } }, effects);
}

function listCallsRoute(state: SandboxState, request: SandboxRequest) {
	const parsed = parseListQuery(request.query);
	if (!parsed.ok) return reply(422, { success: false, errors: parsed.errors });
	const { agentUuid } = parsed.filters;
	if (agentUuid !== null && !state.agents.some((agent) => agent.agent_id === agentUuid)) {
		return failure(404, 'Agent not found');
	}
	return reply(200, { success: true, ...listCalls(state.calls, parsed.filters) });
}

function decodePathSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/** The parsed JSON of a request body; `undefined` when it is empty or not JSON (the handler then answers 400). */
export function parseJsonBody(rawBody: string): unknown {
	if (rawBody.trim() === '') return undefined;
	try {
		return JSON.parse(rawBody) as unknown;
	} catch {
		return undefined;
	}
}

/**
 * Answers one OSVI API request. Order: route (unknown → 404 without looking at the token), then `API-Token`
 * (→ 401), then the JSON body (→ 400), then the endpoint itself. One trailing slash is tolerated, as Rails does.
 */
export function handleRequest(state: SandboxState, request: SandboxRequest): SandboxResponse {
	const method = request.method.toUpperCase();
	const path = request.path.length > 1 ? request.path.replace(/\/$/, '') : request.path;
	const callMatch = /^\/v1\/call\/([^/]+)$/.exec(path);

	let route: (() => SandboxResponse) | null = null;
	if (method === 'GET' && path === '/v1/active_agents') route = () => activeAgents(state);
	if (method === 'POST' && path === '/call') route = () => initiateCall(state, request, 'legacy');
	if (method === 'POST' && path === '/v1/call') route = () => initiateCall(state, request, 'v1');
	if (method === 'GET' && path === '/v1/calls') route = () => listCallsRoute(state, request);
	if (method === 'GET' && callMatch) {
		route = () => getCallDetail(state, decodePathSegment(callMatch[1]));
	}
	const callPartMatch = /^\/v1\/call\/([^/]+)\/(transcript|recording)$/.exec(path);
	if (method === 'GET' && callPartMatch) {
		const callId = decodePathSegment(callPartMatch[1]);
		route = () =>
			callPartMatch[2] === 'transcript'
				? getCallTranscript(state, callId)
				: getCallRecording(state, callId);
	}
	const campaignMatch = /^\/v1\/campaigns\/([^/]+)\/(contacts|status)$/.exec(path);
	if (campaignMatch) {
		const campaignId = decodePathSegment(campaignMatch[1]);
		if (method === 'POST' && campaignMatch[2] === 'contacts') {
			route = () => fromEndpoint(addCampaignContacts(state, campaignId, request.body));
		}
		if (method === 'GET' && campaignMatch[2] === 'status') {
			route = () => fromEndpoint(campaignStatus(state, campaignId));
		}
	}
	if (path === '/v1/dnd_numbers') {
		if (method === 'POST') route = () => fromEndpoint(addDndNumber(state, request.body));
		if (method === 'GET') route = () => fromEndpoint(listDndNumbers(state, request.query));
		if (method === 'DELETE') route = () => fromEndpoint(removeDndNumber(state, request.query));
	}
	if (!route) return failure(404, `No route matches ${method} ${request.path}`);

	if (request.headers['api-token'] !== state.options.token) {
		return failure(401, 'Invalid or missing API-Token');
	}
	if (request.body === undefined && request.rawBody.trim() !== '') {
		return failure(400, 'Malformed JSON body');
	}
	return route();
}
