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

/** Every status a call can end with, including `voicemail`, which only a plan or a command chooses. */
export const END_STATUSES = ['picked', 'not_picked', 'failed', 'busy', 'voicemail'] as const;
export type EndStatus = (typeof END_STATUSES)[number];

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
	/** For calls placed through the API or added or finished by the control API; see lifecycle.ts. */
	lifecycle?: CallLifecycle;
}

/** OSVI's per-call `webhook_url` payload (Variant A of the webhook docs). */
export interface CallWebhookPayload {
	agent_name: string;
	agent_uuid: string;
	phone_number: string;
	call_log_id: string;
	chat: string;
	call_status: EndStatus;
	executionMode: 'prod' | 'test';
}

export interface SandboxStateOptions {
	token: string;
	seed: number;
	callCount: number;
	/** Seeded calls lie in the 60 days up to this instant (23:59:59 IST of a day); a fixed date by default. */
	referenceMs?: number;
	callDurationMs: number;
	/** Milliseconds since the epoch: timestamps of placed calls and the validity of recording links. */
	now: () => number;
	/** Start values of the other `CallSettings`; 0, 0, 'uuid' and 900 by default. */
	analysisDelayMs?: number;
	hiddenForMs?: number;
	idStyle?: CallIdStyle;
	recordingTtlSeconds?: number;
	/** Origin of the storage server that serves recordings, e.g. `http://127.0.0.1:40124`. */
	storageUrl?: string;
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
	/** Call behaviour tests can change at run time; back to the options on reset. */
	settings: CallSettings;
	/** Plans for calls placed to given numbers, in the order they were added (the last match wins). */
	numberPlans: NumberPlan[];
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
	/** `ticket` (0 when absent) must still be the call's ticket when the time comes, or the finish is stale. */
	| { kind: 'finishCall'; callId: string; afterMs: number; ticket?: number }
	| { kind: 'revealCall'; callId: string; afterMs: number }
	| { kind: 'revealAnalysis'; callId: string; afterMs: number }
	| { kind: 'deliverWebhook'; url: string; payload: CallWebhookPayload; afterMs: number };

export interface SandboxResponse {
	status: number;
	headers: Record<string, string>;
	/** A JSON value; the shell serializes it. */
	body: unknown;
	effects: SandboxEffect[];
}

export type CallIdStyle = 'uuid' | 'short';

/** Call behaviour that tests change at run time (`configure`, `PUT /__sandbox/settings`). */
export interface CallSettings {
	/** How long a placed call stays `in_progress`. */
	callDurationMs: number;
	/** How long after a call ends its `summary`, `data_captured` and `post_call_analysis` appear. */
	analysisDelayMs: number;
	/** How long after it was placed a call's own routes (`/v1/call/{id}…`) answer 404. */
	hiddenForMs: number;
	/** `short`: call creation answers ids like `call_abc123xyz`, which `GET /v1/call/{id}` does not know. */
	idStyle: CallIdStyle;
	/** `expires_in_seconds` of recording links, and how long they work (whole seconds, as S3 counts). */
	recordingTtlSeconds: number;
}

/** How calls end; every field is optional and falls back to the settings and the last digit of the number. */
export interface CallPlan {
	durationMs?: number;
	/** Stays `in_progress` until finished on command (or reset). */
	neverFinish?: boolean;
	outcome?: EndStatus;
	analysisDelayMs?: number;
	hiddenForMs?: number;
}

/** A plan for every call placed to a number: national digits or E.164, matched on the end of the number. */
export interface NumberPlan extends CallPlan {
	phoneNumber: string;
}

export interface CallAnalysis {
	summary: string | null;
	data_captured: Record<string, unknown>;
	post_call_analysis: Record<string, unknown>;
}

export interface CallLifecycle {
	/** Bumped whenever the call's end is re-planned, so that finishes scheduled earlier do nothing. */
	ticket: number;
	/** The planned outcome; null: by the last digit of the number. */
	outcome: EndStatus | null;
	/** null: the setting at the time the call ends. */
	analysisDelayMs: number | null;
	/** What call creation answered as `call_id`; null for calls not placed through the API. */
	returnedCallId: string | null;
	/** Not yet visible at `GET /v1/call/{id}` (and its transcript and recording). */
	hidden: boolean;
	/** Analysis of an ended call, held back until the analysis delay has passed. */
	pendingAnalysis: CallAnalysis | null;
}

/** One turn of `GET /v1/call/{id}/transcript`: the sandbox's choice, as OSVI's `V1TranscriptTurn` is not documented. */
export interface TranscriptTurn {
	role: 'agent' | 'user';
	content: string;
	seconds_from_start: number;
}
