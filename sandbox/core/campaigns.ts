import { isJsonObject, placeCall } from './calls';
import {
	activeAgent,
	AGENT_NOT_ON_ACCOUNT,
	answer,
	findDndEntry,
	missingParam,
	normalizeLoosePhone,
	osviError,
	type EndpointAnswer,
	type NormalizedPhone,
} from './dnd';
import { CAMPAIGNS, SEEDED_DAYS } from './seed';
import { DAY_MS, formatIst } from './time';
import {
	CALL_STATUSES,
	type CallStatus,
	type SandboxEffect,
	type SandboxState,
	type StoredAgent,
	type StoredCall,
} from './types';

/** `data.campaign` of `GET /v1/campaigns/{id}/status`. Campaigns are made in OSVI's dashboard, never by the API. */
export interface Campaign {
	id: number;
	name: string;
	/** The only value OSVI's docs show. */
	status: 'active';
	is_retry_enabled: boolean;
	retry_threshold: number;
	/** Seconds between attempts. */
	retry_delay: number;
	created_at: string;
}

/** One contact of an upload: the row as sent, with `phone` in E.164 and every extra key kept. */
export type CampaignContact = Record<string, unknown> & { phone: string };

export interface CampaignUpload {
	campaign_upload_id: number;
	campaign_id: number;
	file_name: string;
	/** The agent the contacts were pushed for. */
	agent_uuid: string;
	created_at: string;
	/** Whether the contacts were released to the calling queue. */
	enqueued: boolean;
	contacts: CampaignContact[];
}

export interface CampaignQueue {
	agent_uuid: string;
	total_queued: number;
	completed: boolean;
}

export const MAX_CONTACTS_PER_REQUEST = 10_000;

/** How many rejected rows an error message names; `details.invalid_contacts` has them all. */
const ROWS_NAMED_IN_ERROR = 5;

const randomHex = (state: SandboxState, bytes: number) =>
	Array.from({ length: bytes }, () => state.random.int(0, 255).toString(16).padStart(2, '0')).join(
		'',
	);

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_');

function earliest(calls: StoredCall[]): number | null {
	return calls.length === 0 ? null : Math.min(...calls.map((call) => call.createdAtMs));
}

/** The agent with the most calls in an upload (the first agent on a tie, or with no calls). */
function leadingAgent(agents: StoredAgent[], calls: StoredCall[]): string {
	let best = agents[0];
	let bestCount = -1;
	for (const agent of agents) {
		const count = calls.filter((call) => call.detail.agent_uuid === agent.agent_id).length;
		if (count > bestCount) [best, bestCount] = [agent, count];
	}
	return best.agent_id;
}

/**
 * The seeded campaigns and their uploads, derived from the seeded calls so that both tell one story: a campaign
 * was created two days before its first call, an upload an hour before its first call, by the agent that placed
 * most of its calls, and its contacts are the people those calls reached.
 */
export function seedCampaigns(
	agents: StoredAgent[],
	calls: StoredCall[],
	referenceMs: number,
): { campaigns: Campaign[]; uploads: CampaignUpload[] } {
	const campaigns: Campaign[] = [];
	const uploads: CampaignUpload[] = [];
	for (const seeded of CAMPAIGNS) {
		const campaignCalls = calls.filter((call) => call.detail.campaign_id === seeded.id);
		const createdAtMs =
			(earliest(campaignCalls) ?? referenceMs - SEEDED_DAYS * DAY_MS) - 2 * DAY_MS;
		campaigns.push({
			id: seeded.id,
			name: seeded.name,
			status: 'active',
			is_retry_enabled: seeded.retry.enabled,
			retry_threshold: seeded.retry.threshold,
			retry_delay: seeded.retry.delaySeconds,
			created_at: formatIst(createdAtMs),
		});
		seeded.uploadIds.forEach((uploadId, index) => {
			const uploadCalls = campaignCalls.filter(
				(call) => call.detail.campaign_upload_id === uploadId,
			);
			const firstCallMs = earliest(uploadCalls);
			const contacts = new Map<string, CampaignContact>();
			for (const call of [...uploadCalls].reverse()) {
				const { phone_number: phone, caller_name: name } = call.detail;
				if (!contacts.has(phone)) contacts.set(phone, { phone, person_name: name });
			}
			uploads.push({
				campaign_upload_id: uploadId,
				campaign_id: seeded.id,
				file_name: `${slug(seeded.name)}_part${index + 1}.csv`,
				agent_uuid: leadingAgent(agents, uploadCalls),
				created_at: formatIst(
					firstCallMs === null
						? createdAtMs + (index + 1) * 3600 * 1000
						: firstCallMs - 3600 * 1000,
				),
				enqueued: uploadCalls.length > 0,
				contacts: [...contacts.values()],
			});
		});
	}
	return { campaigns, uploads };
}

/** Path ids are integers; anything else cannot name a campaign, as a Rails `find` would have it. */
function findCampaign(state: SandboxState, idText: string): Campaign | undefined {
	if (!/^\d+$/.test(idText)) return undefined;
	return state.campaigns.find((campaign) => campaign.id === Number(idText));
}

/** Per agent, the calls of an upload; complete once none of them is still running. Agents in account order. */
export function uploadQueues(state: SandboxState, uploadId: number): CampaignQueue[] {
	const calls = state.calls.filter((call) => call.detail.campaign_upload_id === uploadId);
	return state.agents.flatMap((agent) => {
		const agentCalls = calls.filter((call) => call.detail.agent_uuid === agent.agent_id);
		if (agentCalls.length === 0) return [];
		return [
			{
				agent_uuid: agent.agent_id,
				total_queued: agentCalls.length,
				completed: agentCalls.every((call) => call.detail.status !== 'in_progress'),
			},
		];
	});
}

/** `GET /v1/campaigns/{id}/status`: `by_status` counts only the statuses that occur, as a grouped count does. */
export function campaignStatus(state: SandboxState, idText: string): EndpointAnswer {
	const campaign = findCampaign(state, idText);
	if (!campaign) return osviError(404, 'Campaign not found');
	const counts = new Map<CallStatus, number>();
	let total = 0;
	for (const call of state.calls) {
		if (call.detail.campaign_id !== campaign.id) continue;
		total += 1;
		counts.set(call.detail.status, (counts.get(call.detail.status) ?? 0) + 1);
	}
	const byStatus: Partial<Record<CallStatus, number>> = {};
	for (const status of CALL_STATUSES) {
		const count = counts.get(status);
		if (count !== undefined) byStatus[status] = count;
	}
	return answer(200, {
		success: true,
		data: {
			campaign: { ...campaign },
			calls: { total, by_status: byStatus },
			uploads: state.uploads
				.filter((upload) => upload.campaign_id === campaign.id)
				.sort((a, b) => a.campaign_upload_id - b.campaign_upload_id)
				.map((upload) => ({
					campaign_upload_id: upload.campaign_upload_id,
					file_name: upload.file_name,
					agent_uuid: upload.agent_uuid,
					created_at: upload.created_at,
					queues: uploadQueues(state, upload.campaign_upload_id),
				})),
		},
	});
}

interface RejectedContact {
	index: number;
	phone: unknown;
	error: string;
}

type ContactRow = { contact: CampaignContact; phone: NormalizedPhone };

function readContact(
	row: unknown,
): { ok: true; row: ContactRow } | { ok: false; phone: unknown; error: string } {
	if (!isJsonObject(row)) return { ok: false, phone: null, error: 'must be an object' };
	const { phone = null, person_name: personName } = row;
	if (personName !== undefined && personName !== null && typeof personName !== 'string') {
		return { ok: false, phone, error: 'person_name must be a string' };
	}
	if (phone === null || phone === '') return { ok: false, phone, error: 'phone is missing' };
	if (typeof phone !== 'string') return { ok: false, phone, error: 'phone must be a string' };
	const normalized = normalizeLoosePhone(phone);
	if (!normalized) return { ok: false, phone, error: 'phone is not a valid phone number' };
	return { ok: true, row: { contact: { ...row, phone: normalized.e164 }, phone: normalized } };
}

/** Every row must be usable: one bad row rejects the request, so nothing is half-imported. */
function readContactRows(
	contacts: unknown[],
): { ok: true; rows: ContactRow[] } | { ok: false; rejected: RejectedContact[] } {
	const rows: ContactRow[] = [];
	const rejected: RejectedContact[] = [];
	contacts.forEach((candidate, index) => {
		const read = readContact(candidate);
		if (read.ok) rows.push(read.row);
		else rejected.push({ index, phone: read.phone, error: read.error });
	});
	return rejected.length > 0 ? { ok: false, rejected } : { ok: true, rows };
}

function rejectedRowsError(rejected: RejectedContact[]): EndpointAnswer {
	const named = rejected
		.slice(0, ROWS_NAMED_IN_ERROR)
		.map(({ index, error }) => `contacts[${index}]: ${error}`);
	const more = rejected.length - named.length;
	return osviError(
		400,
		`${rejected.length} contact${rejected.length === 1 ? '' : 's'} rejected: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
		{ invalid_contacts: rejected },
	);
}

const nameLength = (contact: CampaignContact) =>
	typeof contact.person_name === 'string' ? contact.person_name.trim().length : 0;

/**
 * `POST /v1/campaigns/{id}/contacts`. Checks run in this order: campaign (404), parameters (400), agent (403),
 * rows (400, nothing stored); then duplicates go (the longer `person_name` wins, in the first one's place), DND
 * numbers of this agent are skipped, and the rest become an upload. With `enqueue`, each accepted contact is
 * placed as a call of that upload, exactly as `POST /v1/call` places one.
 */
export function addCampaignContacts(
	state: SandboxState,
	idText: string,
	body: unknown,
): EndpointAnswer {
	const campaign = findCampaign(state, idText);
	if (!campaign) return osviError(404, 'Campaign not found');
	if (body !== undefined && !isJsonObject(body)) {
		return osviError(400, 'request body must be a JSON object');
	}
	const fields = body ?? {};

	const agentUuid = fields.agent_uuid;
	if (agentUuid === undefined || agentUuid === null || agentUuid === '') {
		return missingParam('agent_uuid');
	}
	if (typeof agentUuid !== 'string') return osviError(400, 'agent_uuid must be a string');
	const contacts = fields.contacts;
	if (
		contacts === undefined ||
		contacts === null ||
		(Array.isArray(contacts) && contacts.length === 0)
	) {
		return missingParam('contacts');
	}
	if (!Array.isArray(contacts)) return osviError(400, 'contacts must be an array');
	if (contacts.length > MAX_CONTACTS_PER_REQUEST) {
		return osviError(
			400,
			`contacts must hold at most ${MAX_CONTACTS_PER_REQUEST} entries per request (got ${contacts.length})`,
		);
	}
	const enqueue = fields.enqueue ?? false;
	if (typeof enqueue !== 'boolean') return osviError(400, 'enqueue must be true or false');
	const agent = activeAgent(state, agentUuid);
	if (!agent) return osviError(403, AGENT_NOT_ON_ACCOUNT);

	const read = readContactRows(contacts);
	if (!read.ok) return rejectedRowsError(read.rejected);

	const unique = new Map<string, ContactRow>();
	for (const row of read.rows) {
		const kept = unique.get(row.phone.e164);
		if (!kept || nameLength(row.contact) > nameLength(kept.contact))
			unique.set(row.phone.e164, row);
	}
	const accepted: ContactRow[] = [];
	const dndSkipped: Array<{ phone: string; person_name: string | null; reason: string | null }> =
		[];
	for (const row of unique.values()) {
		const entry = findDndEntry(state, agent.agent_id, row.phone.e164);
		if (!entry) {
			accepted.push(row);
			continue;
		}
		const name = row.contact.person_name;
		dndSkipped.push({
			phone: row.phone.e164,
			person_name: typeof name === 'string' ? name : null,
			reason: entry.reason,
		});
	}

	const nowMs = state.options.now();
	const upload: CampaignUpload = {
		campaign_upload_id:
			state.uploads.reduce((max, existing) => Math.max(max, existing.campaign_upload_id), 0) + 1,
		campaign_id: campaign.id,
		file_name: `${Math.floor(nowMs / 1000)}-api_contacts_${randomHex(state, 8)}.csv`,
		agent_uuid: agent.agent_id,
		created_at: formatIst(nowMs),
		enqueued: enqueue,
		contacts: accepted.map((row) => structuredClone(row.contact)),
	};
	state.uploads.push(upload);

	const effects: SandboxEffect[] = [];
	if (enqueue) {
		for (const { contact, phone } of accepted) {
			const { person_name: personName } = contact;
			const extra = Object.fromEntries(
				Object.entries(contact).filter(([key]) => key !== 'person_name' && key !== 'phone'),
			);
			const placed = placeCall(state, agent, {
				agentUuid: agent.agent_id,
				countryCode: phone.countryCode,
				phoneNumber: phone.nationalNumber,
				e164: phone.e164,
				webhookUrl: null,
				personName: typeof personName === 'string' && personName !== '' ? personName : null,
				systemPrompt: null,
				additionalData: Object.keys(extra).length > 0 ? extra : null,
			});
			const call = state.calls.find((candidate) => candidate.detail.call_id === placed.callId);
			if (call) {
				call.detail.campaign_id = campaign.id;
				call.detail.campaign_upload_id = upload.campaign_upload_id;
			}
			effects.push(...placed.effects);
		}
	}

	return answer(
		200,
		{
			success: true,
			data: {
				campaign_upload_id: upload.campaign_upload_id,
				contacts_received: contacts.length,
				contacts_accepted: accepted.length,
				duplicates_removed: read.rows.length - unique.size,
				enqueued: enqueue,
				queued_calls: enqueue ? accepted.length : 0,
				dnd_skipped: dndSkipped,
			},
		},
		effects,
	);
}

/** Campaigns with their uploads and contacts: what tests read through the sandbox. */
export function campaignsSnapshot(state: SandboxState): {
	campaigns: Campaign[];
	uploads: Array<CampaignUpload & { queues: CampaignQueue[] }>;
} {
	return structuredClone({
		campaigns: state.campaigns,
		uploads: [...state.uploads]
			.sort((a, b) => a.campaign_upload_id - b.campaign_upload_id)
			.map((upload) => ({ ...upload, queues: uploadQueues(state, upload.campaign_upload_id) })),
	});
}
