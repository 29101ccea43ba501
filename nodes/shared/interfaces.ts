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
