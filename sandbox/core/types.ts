import type { Campaign, CampaignUpload } from './campaigns';
import type { DndEntry } from './dnd';
import type { Random } from './random';

export const CALL_STATUSES = [
	'picked',
	'not_picked',
	'failed',
	'busy',
	'voicemail',
	'in_progress',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const CALL_TYPES = ['inbound', 'outbound'] as const;
export type CallType = (typeof CALL_TYPES)[number];

/** The outcomes a placed call can end with: the per-call webhook documents only these four. */
export type FinalCallStatus = 'picked' | 'not_picked' | 'busy' | 'failed';

export interface CallTag {
	id: number;
	name: string;
	color_code: string;
}

/** One item of `GET /v1/calls`, field for field as in OSVI's example. */
export interface CallSummary {
	call_id: string;
	agent_uuid: string;
	agent_name: string;
	phone_number: string;
	from_number: string;
	status: CallStatus;
	call_type: CallType;
	duration_seconds: number | null;
	call_ended_by: string | null;
	call_ended_reason: string | null;
	campaign_id: number | null;
	campaign_upload_id: number | null;
	tag: CallTag | null;
	created_at: string;
	call_picked_at: string | null;
}

/** `data` of `GET /v1/call/{id}`: the summary plus the post-call fields. */
export interface CallDetail extends CallSummary {
	caller_name: string | null;
	retry_count: number;
	summary: string | null;
	data_captured: Record<string, unknown>;
	post_call_analysis: Record<string, unknown>;
}

export interface StoredAgent {
	agent_id: string;
	name: string;
	/** Archived agents are on the account (their calls are listed) but not in `GET /v1/active_agents`. */
	archived: boolean;
	from_number: string;
}

export interface ActiveAgent {
	agent_id: string;
	name: string;
	status: 'active';
}

export interface StoredCall {
	detail: CallDetail;
	createdAtMs: number;
	pickedAtMs: number | null;
	/** Only for calls placed through the API: where the per-call webhook goes when the call ends. */
	webhookUrl: string | null;
	personName: string | null;
}

/** OSVI's per-call `webhook_url` payload (Variant A of the webhook docs). */
export interface CallWebhookPayload {
	agent_name: string;
	agent_uuid: string;
	phone_number: string;
	call_log_id: string;
	chat: string;
	call_status: FinalCallStatus;
	executionMode: 'prod' | 'test';
}

export interface SandboxStateOptions {
	token: string;
	seed: number;
	callCount: number;
	/** Seeded calls lie in the 60 days up to this instant (23:59:59 IST of a day); a fixed date by default. */
	referenceMs?: number;
	callDurationMs: number;
	/** Milliseconds since the epoch; used only to timestamp calls placed through the API. */
	now: () => number;
}

export interface SandboxState {
	readonly options: SandboxStateOptions;
	agents: StoredAgent[];
	/** Newest first by `created_at`. */
	calls: StoredCall[];
	/** Drives the ids of placed calls; re-seeded on reset so a replayed test sees the same ids. */
	random: Random;
	campaigns: Campaign[];
	/** Seeded and API uploads of every campaign. */
	uploads: CampaignUpload[];
	/** Every agent's Do Not Disturb entries, in the order they were added. */
	dndNumbers: DndEntry[];
}

export interface SandboxRequest {
	method: string;
	/** The path without the query string, e.g. `/v1/calls`. */
	path: string;
	query: Record<string, string>;
	/** Header names in lower case. */
	headers: Record<string, string>;
	/** The parsed JSON body; `undefined` when the body is empty or is not valid JSON. */
	body: unknown;
	rawBody: string;
}

/** Work the shell schedules, because the core has no timers and no network. */
export type SandboxEffect =
	| { kind: 'finishCall'; callId: string; afterMs: number }
	| { kind: 'deliverWebhook'; url: string; payload: CallWebhookPayload; afterMs: number };

export interface SandboxResponse {
	status: number;
	headers: Record<string, string>;
	/** A JSON value; the shell serializes it. */
	body: unknown;
	effects: SandboxEffect[];
}
