import { parsePhoneNumber } from 'libphonenumber-js/max';

import { isJsonObject } from './calls';
import { parseListQuery, phoneMatches } from './listCalls';
import { formatIst } from './time';
import type { SandboxResponse, SandboxState, StoredAgent, StoredCall } from './types';

/** One entry of an agent's Do Not Disturb list, field for field as OSVI answers it. */
export interface DndEntry {
	id: number;
	agent_uuid: string;
	/** E.164, whatever form it was added in. */
	phone: string;
	reason: string | null;
	created_at: string;
}

/** What an endpoint answers; the handler adds the headers. */
export type EndpointAnswer = Omit<SandboxResponse, 'headers'>;

export function answer(
	status: number,
	body: unknown,
	effects: SandboxResponse['effects'] = [],
): EndpointAnswer {
	return { status, body, effects };
}

/** The envelope of OSVI's only documented 400 example (`ErrorBadRequest` on the DND pages). */
export function osviError(status: number, error: string, details: unknown = null) {
	return answer(status, { success: false, error, details });
}

export const missingParam = (name: string) =>
	osviError(400, `param is missing or the value is empty: ${name}`);

export const AGENT_NOT_ON_ACCOUNT = 'Agent does not belong to this account';

/** Writes need an active agent, as `POST /v1/call` does; an archived one cannot act any more. */
export function activeAgent(state: SandboxState, agentUuid: string): StoredAgent | undefined {
	return state.agents.find((agent) => agent.agent_id === agentUuid && !agent.archived);
}

export interface NormalizedPhone {
	e164: string;
	/** ISO alpha-2, or '' for a number of no single country. */
	countryCode: string;
	nationalNumber: string;
}

const LOOSE_PHONE = /^\+?[\d\s().-]+$/;

/**
 * Campaign contacts and DND take `phone` loosely ("Indian formats accepted"): national digits with spaces, dashes,
 * dots or brackets, the trunk 0, 91 without the plus, `+91`/`0091`; other countries only in international form.
 * Letters are refused rather than read as a keypad. Returns null for anything that is not a valid number.
 */
export function normalizeLoosePhone(value: string): NormalizedPhone | null {
	const trimmed = value.trim();
	if (!LOOSE_PHONE.test(trimmed)) return null;
	try {
		const parsed = parsePhoneNumber(trimmed, 'IN');
		if (!parsed.isValid()) return null;
		return {
			e164: parsed.number,
			countryCode: parsed.country ?? '',
			nationalNumber: parsed.nationalNumber,
		};
	} catch {
		return null;
	}
}

export function findDndEntry(
	state: SandboxState,
	agentUuid: string,
	e164: string,
): DndEntry | undefined {
	return state.dndNumbers.find((entry) => entry.agent_uuid === agentUuid && entry.phone === e164);
}

const nextId = (ids: number[]) => ids.reduce((max, id) => Math.max(max, id), 0) + 1;

/** A string parameter: missing (absent, null or blank) or of the wrong type is reported by name. */
function stringParam(
	fields: Record<string, unknown>,
	name: string,
): { ok: true; value: string } | { ok: false; failure: EndpointAnswer } {
	const value = fields[name];
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return { ok: false, failure: missingParam(name) };
	}
	if (typeof value !== 'string') {
		return { ok: false, failure: osviError(400, `${name} must be a string`) };
	}
	return { ok: true, value: value.trim() };
}

/** Reads `agent_uuid` and `phone` (body of add, query of remove) and finds the active agent. */
function agentAndPhone(
	state: SandboxState,
	fields: Record<string, unknown>,
):
	| { ok: true; agent: StoredAgent; phone: NormalizedPhone }
	| { ok: false; failure: EndpointAnswer } {
	const agentUuid = stringParam(fields, 'agent_uuid');
	if (!agentUuid.ok) return agentUuid;
	const phone = stringParam(fields, 'phone');
	if (!phone.ok) return phone;
	const agent = activeAgent(state, agentUuid.value);
	if (!agent) return { ok: false, failure: osviError(403, AGENT_NOT_ON_ACCOUNT) };
	const normalized = normalizeLoosePhone(phone.value);
	if (!normalized) {
		return {
			ok: false,
			failure: osviError(400, `phone is not a valid phone number: ${phone.value}`),
		};
	}
	return { ok: true, agent, phone: normalized };
}

export type DndAddition = { ok: true; entry: DndEntry } | { ok: false; failure: EndpointAnswer };

/**
 * Adds a number to an agent's list, as `POST /v1/dnd_numbers` and the sandbox's control route do. A number
 * already on that agent's list is refused the way a Rails uniqueness validation answers (422).
 */
export function addDndEntry(state: SandboxState, body: unknown): DndAddition {
	if (body !== undefined && !isJsonObject(body)) {
		return { ok: false, failure: osviError(400, 'request body must be a JSON object') };
	}
	const fields = body ?? {};
	const target = agentAndPhone(state, fields);
	if (!target.ok) return target;
	const reason = fields.reason ?? null;
	if (reason !== null && typeof reason !== 'string') {
		return { ok: false, failure: osviError(400, 'reason must be a string') };
	}
	if (findDndEntry(state, target.agent.agent_id, target.phone.e164)) {
		return { ok: false, failure: osviError(422, 'Phone has already been taken') };
	}
	const entry: DndEntry = {
		id: nextId(state.dndNumbers.map((existing) => existing.id)),
		agent_uuid: target.agent.agent_id,
		phone: target.phone.e164,
		reason: reason === null || reason.trim() === '' ? null : reason,
		created_at: formatIst(state.options.now()),
	};
	state.dndNumbers.push(entry);
	return { ok: true, entry };
}

/** `POST /v1/dnd_numbers`: 201 with the stored entry. */
export function addDndNumber(state: SandboxState, body: unknown): EndpointAnswer {
	const added = addDndEntry(state, body);
	if (!added.ok) return added.failure;
	return answer(201, { success: true, data: { ...added.entry } });
}

/** `GET /v1/dnd_numbers`: one agent's list, newest first, paged exactly like `GET /v1/calls`. */
export function listDndNumbers(state: SandboxState, query: Record<string, string>): EndpointAnswer {
	const agentUuid = stringParam(query, 'agent_uuid');
	if (!agentUuid.ok) return agentUuid.failure;
	const paging: Record<string, string> = {};
	if (query.page !== undefined) paging.page = query.page;
	if (query.per_page !== undefined) paging.per_page = query.per_page;
	const parsed = parseListQuery(paging);
	if (!parsed.ok) return answer(422, { success: false, errors: parsed.errors });
	// A read, like the agent filter of GET /v1/calls: any agent on the account, archived ones included.
	if (!state.agents.some((agent) => agent.agent_id === agentUuid.value)) {
		return osviError(404, 'Agent not found');
	}

	const search = query.search?.trim() ?? '';
	const matching = state.dndNumbers
		.filter(
			(entry) =>
				entry.agent_uuid === agentUuid.value &&
				(search === '' || phoneMatches(entry.phone, search)),
		)
		.sort((a, b) => b.id - a.id);
	const { page, perPage } = parsed.filters;
	const start = (page - 1) * perPage;
	return answer(200, {
		success: true,
		data: matching.slice(start, start + perPage).map((entry) => ({ ...entry })),
		meta: {
			current_page: page,
			total_pages: Math.max(1, Math.ceil(matching.length / perPage)),
			total_count: matching.length,
			per_page: perPage,
		},
	});
}

/** `DELETE /v1/dnd_numbers?agent_uuid=…&phone=…`: the parameters come from the query only, never a body. */
export function removeDndNumber(
	state: SandboxState,
	query: Record<string, string>,
): EndpointAnswer {
	const target = agentAndPhone(state, query);
	if (!target.ok) return target.failure;
	const entry = findDndEntry(state, target.agent.agent_id, target.phone.e164);
	if (!entry) return osviError(404, 'Phone not found in DND list');
	state.dndNumbers = state.dndNumbers.filter((candidate) => candidate !== entry);
	return answer(200, { success: true, message: 'Phone removed from DND list' });
}

/** Every agent's entries in the order they were added: what tests read through the sandbox. */
export function dndNumbers(state: SandboxState): DndEntry[] {
	return state.dndNumbers.map((entry) => ({ ...entry }));
}

const DO_NOT_CALL_SUMMARY = 'asked not to be called again';
const SEEDED_DND_ENTRIES = 3;
const MINUTE_MS = 60 * 1000;

/**
 * The seeded lists: the newest few customers whose call summary asks not to be called again, on the list of the
 * agent that spoke to them, added ten minutes after that call. Only numbers the API itself would accept.
 */
export function seedDndNumbers(calls: StoredCall[]): DndEntry[] {
	const picked: StoredCall[] = [];
	for (const call of calls) {
		if (picked.length === SEEDED_DND_ENTRIES) break;
		const { detail } = call;
		if (!detail.summary?.includes(DO_NOT_CALL_SUMMARY)) continue;
		if (normalizeLoosePhone(detail.phone_number)?.e164 !== detail.phone_number) continue;
		const known = picked.some(
			(other) =>
				other.detail.agent_uuid === detail.agent_uuid &&
				other.detail.phone_number === detail.phone_number,
		);
		if (!known) picked.push(call);
	}
	return picked.reverse().map((call, index) => ({
		id: index + 1,
		agent_uuid: call.detail.agent_uuid,
		phone: call.detail.phone_number,
		reason: 'Asked not to be called again',
		created_at: formatIst(call.createdAtMs + 10 * MINUTE_MS),
	}));
}
