import { parseDateBound } from './time';
import {
	CALL_STATUSES,
	CALL_TYPES,
	type CallStatus,
	type CallSummary,
	type CallType,
	type StoredCall,
} from './types';

export const DEFAULT_PER_PAGE = 25;
export const MAX_PER_PAGE = 100;

export interface CallFilters {
	statuses: CallStatus[] | null;
	agentUuid: string | null;
	campaignId: number | null;
	campaignUploadId: number | null;
	phoneNumber: string | null;
	callType: CallType | null;
	startMs: number | null;
	endMs: number | null;
	page: number;
	perPage: number;
}

export type ParsedListQuery = { ok: true; filters: CallFilters } | { ok: false; errors: string[] };

const INTEGER = /^-?\d+$/;

/** Reads the query of `GET /v1/calls`. An empty parameter (`status=`) counts as absent, as in a Rails app. */
export function parseListQuery(query: Record<string, string>): ParsedListQuery {
	const errors: string[] = [];
	const given = (name: string): string | null => {
		const value = query[name];
		return value === undefined || value.trim() === '' ? null : value.trim();
	};
	const integer = (name: string): number | null => {
		const value = given(name);
		if (value === null) return null;
		if (!INTEGER.test(value)) {
			errors.push(`${name} must be an integer`);
			return null;
		}
		return Number(value);
	};
	const positiveInteger = (name: string, fallback: number): number => {
		const value = given(name);
		if (value === null) return fallback;
		if (!INTEGER.test(value) || Number(value) < 1) {
			errors.push(`${name} must be a positive integer`);
			return fallback;
		}
		return Number(value);
	};
	const dateBound = (name: 'start_date' | 'end_date'): number | null => {
		const value = given(name);
		if (value === null) return null;
		const parsed = parseDateBound(value, name === 'start_date' ? 'start' : 'end');
		if (parsed.ok) return parsed.epochMs;
		errors.push(
			parsed.reason === 'missingOffset'
				? `${name} must be a date (YYYY-MM-DD) or an ISO 8601 timestamp with a time zone offset`
				: `${name} is not a valid date or ISO 8601 timestamp`,
		);
		return null;
	};

	let statuses: CallStatus[] | null = null;
	const statusParam = given('status');
	if (statusParam !== null) {
		const values = statusParam
			.split(',')
			.map((value) => value.trim())
			.filter((value) => value !== '');
		const unknown = values.filter((value) => !(CALL_STATUSES as readonly string[]).includes(value));
		if (unknown.length > 0) {
			errors.push(`status must be one of ${CALL_STATUSES.join(', ')} (got ${unknown.join(', ')})`);
		} else if (values.length > 0) {
			statuses = values as CallStatus[];
		}
	}

	let callType: CallType | null = null;
	const callTypeParam = given('call_type');
	if (callTypeParam !== null) {
		if ((CALL_TYPES as readonly string[]).includes(callTypeParam)) {
			callType = callTypeParam as CallType;
		} else {
			errors.push(`call_type must be one of ${CALL_TYPES.join(', ')}`);
		}
	}

	const filters: CallFilters = {
		statuses,
		agentUuid: given('agent_uuid'),
		campaignId: integer('campaign_id'),
		campaignUploadId: integer('campaign_upload_id'),
		phoneNumber: given('phone_number'),
		callType,
		startMs: dateBound('start_date'),
		endMs: dateBound('end_date'),
		page: positiveInteger('page', 1),
		perPage: Math.min(positiveInteger('per_page', DEFAULT_PER_PAGE), MAX_PER_PAGE),
	};
	return errors.length > 0 ? { ok: false, errors } : { ok: true, filters };
}

const digitsOf = (value: string) => value.replace(/\D/g, '');

/** Partial match on the stored E.164 number, either as typed (`+9198`) or by its digits (`98765 43210`). */
export function phoneMatches(e164: string, query: string): boolean {
	if (e164.includes(query)) return true;
	const digits = digitsOf(query);
	return digits !== '' && digitsOf(e164).includes(digits);
}

export function matchesFilters(call: StoredCall, filters: CallFilters): boolean {
	const { detail } = call;
	if (filters.statuses && !filters.statuses.includes(detail.status)) return false;
	if (filters.agentUuid !== null && detail.agent_uuid !== filters.agentUuid) return false;
	if (filters.campaignId !== null && detail.campaign_id !== filters.campaignId) return false;
	if (filters.campaignUploadId !== null && detail.campaign_upload_id !== filters.campaignUploadId) {
		return false;
	}
	if (filters.phoneNumber !== null && !phoneMatches(detail.phone_number, filters.phoneNumber)) {
		return false;
	}
	if (filters.callType !== null && detail.call_type !== filters.callType) return false;
	if (filters.startMs !== null || filters.endMs !== null) {
		// Date bounds apply to call_picked_at, so calls that were never picked up drop out.
		if (call.pickedAtMs === null) return false;
		if (filters.startMs !== null && call.pickedAtMs < filters.startMs) return false;
		if (filters.endMs !== null && call.pickedAtMs > filters.endMs) return false;
	}
	return true;
}

export function toSummary(call: StoredCall): CallSummary {
	const { detail } = call;
	return {
		call_id: detail.call_id,
		agent_uuid: detail.agent_uuid,
		agent_name: detail.agent_name,
		phone_number: detail.phone_number,
		from_number: detail.from_number,
		status: detail.status,
		call_type: detail.call_type,
		duration_seconds: detail.duration_seconds,
		call_ended_by: detail.call_ended_by,
		call_ended_reason: detail.call_ended_reason,
		campaign_id: detail.campaign_id,
		campaign_upload_id: detail.campaign_upload_id,
		tag: detail.tag === null ? null : { ...detail.tag },
		created_at: detail.created_at,
		call_picked_at: detail.call_picked_at,
	};
}

export interface CallPage {
	data: CallSummary[];
	meta: { current_page: number; total_pages: number; total_count: number; per_page: number };
}

/** One page of the filtered calls. An empty result still reports one (empty) page. */
export function listCalls(calls: StoredCall[], filters: CallFilters): CallPage {
	const matching = calls.filter((call) => matchesFilters(call, filters));
	const start = (filters.page - 1) * filters.perPage;
	return {
		data: matching.slice(start, start + filters.perPage).map(toSummary),
		meta: {
			current_page: filters.page,
			total_pages: Math.max(1, Math.ceil(matching.length / filters.perPage)),
			total_count: matching.length,
			per_page: filters.perPage,
		},
	};
}
