import {
	listCalls,
	parseListQuery,
	phoneMatches,
	type CallFilters,
} from '../../../sandbox/core/listCalls';
import { LIST_CALL_FIELDS } from '../helpers';
import { makeState } from './helpers';

const noFilters: CallFilters = {
	statuses: null,
	agentUuid: null,
	campaignId: null,
	campaignUploadId: null,
	phoneNumber: null,
	callType: null,
	startMs: null,
	endMs: null,
	page: 1,
	perPage: 25,
};

function errorsOf(query: Record<string, string>): string[] {
	const parsed = parseListQuery(query);
	return parsed.ok ? [] : parsed.errors;
}

describe('parseListQuery', () => {
	it('defaults to the first page of 25 without filters', () => {
		expect(parseListQuery({})).toEqual({ ok: true, filters: noFilters });
	});

	it('treats empty parameters as absent', () => {
		expect(parseListQuery({ status: '', agent_uuid: ' ', page: '', start_date: '' })).toEqual({
			ok: true,
			filters: noFilters,
		});
	});

	it('reads every filter', () => {
		expect(
			parseListQuery({
				status: 'picked, busy',
				agent_uuid: 'agent_x',
				campaign_id: '7',
				campaign_upload_id: '19',
				phone_number: '98765',
				call_type: 'inbound',
				start_date: '2026-06-01',
				end_date: '2026-06-02T12:00:00Z',
				page: '3',
				per_page: '40',
			}),
		).toEqual({
			ok: true,
			filters: {
				statuses: ['picked', 'busy'],
				agentUuid: 'agent_x',
				campaignId: 7,
				campaignUploadId: 19,
				phoneNumber: '98765',
				callType: 'inbound',
				startMs: Date.parse('2026-06-01T00:00:00+05:30'),
				endMs: Date.parse('2026-06-02T12:00:00Z'),
				page: 3,
				perPage: 40,
			},
		});
	});

	it('caps per_page at 100', () => {
		const parsed = parseListQuery({ per_page: '500' });
		expect(parsed.ok && parsed.filters.perPage).toBe(100);
	});

	it('names unknown statuses', () => {
		expect(errorsOf({ status: 'picked,answered,lost' })).toEqual([
			'status must be one of picked, not_picked, failed, busy, voicemail, in_progress (got answered, lost)',
		]);
	});

	it.each([
		[{ campaign_id: '7.5' }, 'campaign_id must be an integer'],
		[{ campaign_upload_id: 'abc' }, 'campaign_upload_id must be an integer'],
		[{ per_page: '0' }, 'per_page must be a positive integer'],
		[{ per_page: '2.5' }, 'per_page must be a positive integer'],
		[{ page: '-1' }, 'page must be a positive integer'],
		[{ call_type: 'outgoing' }, 'call_type must be one of inbound, outbound'],
		[{ start_date: 'June 1' }, 'start_date is not a valid date or ISO 8601 timestamp'],
		[
			{ end_date: '2026-06-01T10:00:00' },
			'end_date must be a date (YYYY-MM-DD) or an ISO 8601 timestamp with a time zone offset',
		],
	])('rejects %p', (query, message) => {
		expect(errorsOf(query)).toEqual([message]);
	});

	it('reports several bad parameters together', () => {
		expect(errorsOf({ page: 'x', campaign_id: 'y' })).toEqual([
			'campaign_id must be an integer',
			'page must be a positive integer',
		]);
	});
});

describe('phoneMatches', () => {
	it.each([
		['+919876543210', '98765', true],
		['+919876543210', '+9198', true],
		['+919876543210', '98765 43210', true],
		['+919876543210', '(987) 654', true],
		['+919876543210', '12345', false],
		['+919876543210', 'abc', false],
	])('matches %s against %s: %s', (number, query, expected) => {
		expect(phoneMatches(number, query)).toBe(expected);
	});
});

describe('listCalls', () => {
	const { calls } = makeState();

	it('reports the page, the page count, the total and the page size', () => {
		const page = listCalls(calls, { ...noFilters, page: 2, perPage: 40 });
		expect(page.meta).toEqual({ current_page: 2, total_pages: 8, total_count: 300, per_page: 40 });
		expect(page.data.map((call) => call.call_id)).toEqual(
			calls.slice(40, 80).map((call) => call.detail.call_id),
		);
	});

	it('returns only the summary fields', () => {
		const [first] = listCalls(calls, noFilters).data;
		expect(Object.keys(first)).toEqual(LIST_CALL_FIELDS);
	});

	it('reports one empty page when nothing matches', () => {
		expect(listCalls(calls, { ...noFilters, agentUuid: 'agent_nobody' })).toEqual({
			data: [],
			meta: { current_page: 1, total_pages: 1, total_count: 0, per_page: 25 },
		});
	});

	it('returns an empty page past the end with the true totals', () => {
		expect(listCalls(calls, { ...noFilters, page: 99 })).toEqual({
			data: [],
			meta: { current_page: 99, total_pages: 12, total_count: 300, per_page: 25 },
		});
	});

	it('drops calls without call_picked_at as soon as a date bound is given', () => {
		const page = listCalls(calls, { ...noFilters, startMs: 0, perPage: 100 });
		const expected = calls.filter((call) => call.detail.call_picked_at !== null).length;
		expect(page.meta.total_count).toBe(expected);
		expect(expected).toBeLessThan(calls.length);
	});
});
