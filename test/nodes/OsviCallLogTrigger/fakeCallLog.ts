import type { ListingQuery, PageReader } from '../../../nodes/OsviCallLogTrigger/callLog';
import type { OsviCall } from '../../../nodes/shared/interfaces';

/** A moment on OSVI's clock: 2026-07-01 10:00:00 IST plus `seconds`. */
export const at = (seconds: number) => Date.parse('2026-07-01T10:00:00+05:30') + seconds * 1000;

/** A timestamp as OSVI writes one: IST, whole seconds. */
export function osviTime(epochMs: number): string {
	return `${new Date(epochMs + 5.5 * 3_600_000).toISOString().slice(0, 19)}+05:30`;
}

export interface CallSpec {
	id: string;
	/** Seconds after `at(0)`. */
	second: number;
	status?: string;
	agent?: string;
	phone?: string;
	callType?: string;
	campaignId?: number | null;
	uploadId?: number | null;
	/** Overrides what `created_at` is listed as (null or garbage for answers that do not fit). */
	createdAt?: unknown;
}

export interface ReadLogEntry {
	query: ListingQuery;
	page: number;
	perPage: number;
}

/**
 * The call log as `GET /v1/calls` shows it, in memory: newest first by `created_at` (the call added last first
 * among equal times), numbered pages, and OSVI's filters. It stands in for OSVI in the state logic's tests.
 */
export class FakeCallLog {
	private calls: OsviCall[] = [];
	readonly reads: ReadLogEntry[] = [];
	/** Runs before a page is answered: to change the log while a check reads it, or to fail. */
	beforePage?: (entry: ReadLogEntry) => void;

	add(...specs: CallSpec[]): this {
		for (const spec of specs) {
			const timeMs = at(spec.second);
			const status = spec.status ?? 'in_progress';
			const call: OsviCall = {
				call_id: spec.id,
				agent_uuid: spec.agent ?? 'agent_one',
				agent_name: 'Agent',
				phone_number: spec.phone ?? `+9198765${String(this.calls.length).padStart(5, '0')}`,
				status: status as OsviCall['status'],
				call_type: spec.callType ?? 'outbound',
				campaign_id: spec.campaignId ?? null,
				campaign_upload_id: spec.uploadId ?? null,
				created_at: 'createdAt' in spec ? (spec.createdAt as string) : osviTime(timeMs),
				call_picked_at:
					status === 'not_picked' || status === 'busy' || status === 'failed'
						? null
						: osviTime(timeMs),
			};
			const index = this.calls.findIndex((listed) => this.timeOf(listed) <= timeMs);
			this.calls.splice(index === -1 ? this.calls.length : index, 0, call);
			this.times.set(spec.id, timeMs);
		}
		return this;
	}

	/** Ends a call in progress; unanswered outcomes lose `call_picked_at`, as OSVI's do. */
	finish(id: string, status = 'picked'): this {
		const call = this.calls.find((listed) => listed.call_id === id);
		if (!call) throw new Error(`No call ${id}`);
		if (call.status !== 'in_progress') throw new Error(`Call ${id} has already ended`);
		call.status = status as OsviCall['status'];
		if (status === 'not_picked' || status === 'busy' || status === 'failed')
			call.call_picked_at = null;
		call.duration_seconds = 42;
		return this;
	}

	remove(id: string): this {
		this.calls = this.calls.filter((call) => call.call_id !== id);
		return this;
	}

	get size(): number {
		return this.calls.length;
	}

	clearReads(): void {
		this.reads.length = 0;
	}

	private readonly times = new Map<string, number>();

	private timeOf(call: OsviCall): number {
		return this.times.get(call.call_id) ?? 0;
	}

	read: PageReader = async (query, page, perPage) => {
		const entry = { query: { ...query }, page, perPage };
		this.reads.push(entry);
		this.beforePage?.(entry);
		const statuses = query.status === undefined ? undefined : String(query.status).split(',');
		const matching = this.calls.filter(
			(call) =>
				(statuses === undefined || statuses.includes(call.status)) &&
				(query.agent_uuid === undefined || call.agent_uuid === query.agent_uuid) &&
				(query.call_type === undefined || call.call_type === query.call_type) &&
				(query.campaign_id === undefined || call.campaign_id === Number(query.campaign_id)) &&
				(query.campaign_upload_id === undefined ||
					call.campaign_upload_id === Number(query.campaign_upload_id)) &&
				(query.phone_number === undefined ||
					String(call.phone_number).replace(/\D/g, '').includes(String(query.phone_number))),
		);
		return structuredClone(matching.slice((page - 1) * perPage, page * perPage));
	};
}
