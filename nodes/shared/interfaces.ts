import type { IDataObject } from 'n8n-workflow';

import type { OsviCallStatus } from './callStatus';

/** A voice agent as `GET /v1/active_agents` returns it (note `agent_id`, which other endpoints call `agent_uuid`). */
export interface OsviAgent {
	agent_id: string;
	name: string;
	status: 'active';
}

/** A call record from `GET /v1/calls`; OSVI may add fields, so unknown ones pass through. */
export interface OsviCall extends IDataObject {
	call_id: string;
	status: OsviCallStatus;
}

/** Paging figures as OSVI documents them; the transport checks only `data`, so each may be missing or wrong. */
export interface OsviPageMeta {
	current_page?: unknown;
	total_pages?: unknown;
	total_count?: unknown;
	per_page?: unknown;
}

export interface OsviPage<T> {
	data: T[];
	meta?: OsviPageMeta;
}

/** The answer of endpoints that confirm without data, such as DELETE /v1/dnd_numbers. */
export interface OsviAcknowledgement extends IDataObject {
	success?: boolean;
	message?: string;
}

/** The body of `POST /call`, exactly the fields of OSVI's documentation. */
export interface OsviInitiateCallBody extends IDataObject {
	agent_uuid: string;
	phone_number: string;
	country_code: string;
	person_name?: string;
	system_prompt?: string;
	webhook_url?: string;
	additional_data?: IDataObject;
}

export interface OsviInitiateCallResult extends IDataObject {
	call_id: string;
}

/** Query parameters of `GET /v1/calls` other than paging. */
export interface OsviCallFilters extends IDataObject {
	status?: string;
	agent_uuid?: string;
	campaign_id?: number;
	campaign_upload_id?: number;
	phone_number?: string;
	call_type?: 'inbound' | 'outbound';
	start_date?: string;
	end_date?: string;
}

/** `GET /v1/call/{id}`: the listed fields plus what the call produced; OSVI may add fields. */
export interface OsviCallDetail extends OsviCall {
	caller_name?: string | null;
	retry_count?: number;
	summary?: string | null;
	data_captured?: IDataObject;
	post_call_analysis?: IDataObject;
}

/** `GET /v1/call/{id}/transcript`; OSVI does not document a turn's fields, so they pass through as sent. */
export interface OsviCallTranscript extends IDataObject {
	call_id: string;
	transcript: IDataObject[];
}

/** `GET /v1/call/{id}/recording`: a presigned storage link, valid for `expires_in_seconds` (900). */
export interface OsviCallRecording extends IDataObject {
	call_id: string;
	recording_url: string;
	expires_in_seconds?: number;
}

/** One contact of `POST /v1/campaigns/{id}/contacts`: E.164 `phone`, and extra keys OSVI keeps as prompt variables. */
export interface OsviCampaignContact extends IDataObject {
	phone: string;
	person_name?: string;
}

export interface OsviAddContactsBody extends IDataObject {
	agent_uuid: string;
	/** At most 10,000 per request. */
	contacts: OsviCampaignContact[];
	enqueue: boolean;
}

/** What one contact upload did; `dnd_skipped` items are not documented, so they pass through as sent. */
export interface OsviAddContactsResult extends IDataObject {
	campaign_upload_id: number;
	contacts_received?: number;
	contacts_accepted?: number;
	duplicates_removed?: number;
	enqueued?: boolean;
	queued_calls?: number;
	dnd_skipped?: IDataObject[];
}

/** One agent's calls of a campaign upload; `completed` once none of them is still to be made. */
export interface OsviCampaignQueue extends IDataObject {
	agent_uuid: string;
	total_queued: number;
	completed: boolean;
}

export interface OsviCampaignUpload extends IDataObject {
	campaign_upload_id: number;
	file_name?: string;
	agent_uuid?: string;
	created_at?: string;
	queues?: OsviCampaignQueue[];
}

/** `GET /v1/campaigns/{id}/status`: a snapshot that is cheap to poll. */
export interface OsviCampaignStatus extends IDataObject {
	campaign?: IDataObject;
	calls?: IDataObject;
	uploads?: OsviCampaignUpload[];
}

/** An entry of an agent's Do Not Disturb list; OSVI stores `phone` in E.164. */
export interface OsviDndEntry extends IDataObject {
	id: number;
	agent_uuid: string;
	phone: string;
	reason?: string | null;
	created_at?: string;
}

export interface OsviDndAddBody extends IDataObject {
	agent_uuid: string;
	phone: string;
	reason?: string;
}
