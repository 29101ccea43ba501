import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import {
	osviNodeName,
	osviWorkflow,
	sandboxCredentials,
	wrongTokenFor,
} from '../../../../harness/osviWorkflow';
import { runWorkflow } from '../../../../harness/runWorkflow';
import type { WorkflowJson } from '../../../../harness/runWorkflow';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ callCount: 300 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

/** What OSVI itself answers for a query, read straight from the sandbox, page by page. */
async function callsFromOsvi(query: Record<string, string>, pages: number[]) {
	const calls: unknown[] = [];
	for (const page of pages) {
		const search = new URLSearchParams({ ...query, page: String(page) });
		const response = await fetch(`${sandbox.url}/v1/calls?${search.toString()}`, {
			headers: { 'API-Token': sandbox.token },
		});
		const body = (await response.json()) as { data: unknown[] };
		calls.push(...body.data);
	}
	return calls;
}

function listWorkflow(
	parameters: Record<string, unknown>,
	timezone = 'Asia/Kolkata',
): WorkflowJson {
	return {
		...osviWorkflow({ resource: 'call', operation: 'list', ...parameters }),
		settings: { timezone },
	};
}

function sentQueries() {
	return sandbox
		.requests()
		.map((request) => ({ method: request.method, path: request.path, query: request.query }))
		.sort((a, b) => Number(a.query.page) - Number(b.query.page));
}

describe('Call → List', () => {
	test('sends every filter as OSVI names it and returns one item per call', async () => {
		const target = sandbox
			.snapshot()
			.calls.find((call) => call.status === 'picked' && call.campaign_upload_id !== null)!;
		const filters = {
			status: ['picked', 'voicemail'],
			agentId: target.agent_uuid,
			campaignId: target.campaign_id,
			campaignUploadId: target.campaign_upload_id,
			phoneNumber: target.phone_number.slice(-6),
			callType: target.call_type,
			startDate: '2026-01-01',
			endDate: '2026-12-31T18:30:00',
		};

		const { output } = await runWorkflow(
			listWorkflow({ returnAll: false, limit: 10, filters }, 'Europe/Berlin'),
			sandboxCredentials(sandbox),
		);

		const expectedQuery = {
			status: 'picked,voicemail',
			agent_uuid: target.agent_uuid,
			campaign_id: String(target.campaign_id),
			campaign_upload_id: String(target.campaign_upload_id),
			phone_number: target.phone_number.slice(-6),
			call_type: target.call_type,
			start_date: '2026-01-01',
			end_date: '2026-12-31T18:30:00+01:00',
			per_page: '10',
		};
		expect(sentQueries()).toEqual([
			{ method: 'GET', path: '/v1/calls', query: { ...expectedQuery, page: '1' } },
		]);
		for (const request of sandbox.requests())
			expect(request.headers['api-token']).toBe(sandbox.token);

		const expected = await callsFromOsvi(expectedQuery, [1]);
		expect(expected).toContainEqual(expect.objectContaining({ call_id: target.call_id }));
		expect(output(osviNodeName)).toEqual(
			expected.map((json) => ({ json, pairedItem: { item: 0 } })),
		);
	});

	test('Return All reads every page with 100 calls per page, in OSVI’s order', async () => {
		const { output } = await runWorkflow(
			listWorkflow({ returnAll: true }),
			sandboxCredentials(sandbox),
		);

		expect(sentQueries()).toEqual(
			[1, 2, 3].map((page) => ({
				method: 'GET',
				path: '/v1/calls',
				query: { page: String(page), per_page: '100' },
			})),
		);
		const expected = await callsFromOsvi({ per_page: '100' }, [1, 2, 3]);
		expect(expected).toHaveLength(300);
		expect(output(osviNodeName).map((item) => item.json)).toEqual(expected);
	});

	test('a Limit of 150 takes exactly two requests of the same page size and returns 150 calls', async () => {
		const { output } = await runWorkflow(
			listWorkflow({ returnAll: false, limit: 150 }),
			sandboxCredentials(sandbox),
		);

		expect(sentQueries()).toEqual(
			[1, 2].map((page) => ({
				method: 'GET',
				path: '/v1/calls',
				query: { page: String(page), per_page: '100' },
			})),
		);
		const expected = (await callsFromOsvi({ per_page: '100' }, [1, 2])).slice(0, 150);
		expect(output(osviNodeName).map((item) => item.json)).toEqual(expected);
	});

	test('a small Limit asks for just that many calls in one request', async () => {
		const { output } = await runWorkflow(
			listWorkflow({ returnAll: false, limit: 7 }),
			sandboxCredentials(sandbox),
		);

		expect(sentQueries()).toEqual([
			{ method: 'GET', path: '/v1/calls', query: { page: '1', per_page: '7' } },
		]);
		expect(output(osviNodeName)).toHaveLength(7);
	});

	test('reads a date-and-time filter in the workflow’s timezone and sends its offset', async () => {
		await runWorkflow(
			listWorkflow(
				{
					returnAll: false,
					limit: 5,
					filters: { startDate: '2026-06-05T09:30:00', endDate: '2026-06-06T10:00:00Z' },
				},
				'America/New_York',
			),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.requests()[0].query).toEqual({
			start_date: '2026-06-05T09:30:00-04:00',
			end_date: '2026-06-06T10:00:00Z',
			page: '1',
			per_page: '5',
		});
	});

	test('accepts filters as data holds them: statuses as comma-separated text, numbers as text or numbers', async () => {
		await runWorkflow(
			listWorkflow({
				returnAll: false,
				limit: 5,
				filters: {
					status: '={{ "picked, busy" }}',
					campaignId: '={{ "7" }}',
					campaignUploadId: '',
					phoneNumber: '={{ 98765 }}',
				},
			}),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.requests()[0].query).toEqual({
			status: 'picked,busy',
			campaign_id: '7',
			phone_number: '98765',
			page: '1',
			per_page: '5',
		});
	});

	test('returns no items when no call matches', async () => {
		const { output, error } = await runWorkflow(
			listWorkflow({ returnAll: true, filters: { phoneNumber: '00000000000000' } }),
			sandboxCredentials(sandbox),
		);

		expect(error(osviNodeName)).toBeUndefined();
		expect(output(osviNodeName)).toEqual([]);
		expect(sandbox.requests()).toHaveLength(1);
	});

	test('explains a 404 for an agent that is not on the account', async () => {
		const { error } = await runWorkflow(
			listWorkflow({ returnAll: true, filters: { agentId: 'agent_unknown' } }),
			sandboxCredentials(sandbox),
		);

		expect(error(osviNodeName)?.message).toBe(
			'OSVI could not find what was asked for: Agent not found',
		);
	});

	test('reports a wrong API token without revealing it', async () => {
		const wrongToken = wrongTokenFor(sandbox.token);
		const { error } = await runWorkflow(
			listWorkflow({ returnAll: true }),
			sandboxCredentials(sandbox, wrongToken),
		);

		expect(error(osviNodeName)?.message).toBe(
			'OSVI did not accept the API token: Invalid or missing API-Token',
		);
		expect(JSON.stringify(error(osviNodeName))).not.toContain(wrongToken);
	});

	test('rejects a filter value that OSVI could not read, before any request', async () => {
		const { error } = await runWorkflow(
			listWorkflow({ returnAll: true, filters: { startDate: 'next tuesday' } }),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.requests()).toEqual([]);
		expect(error(osviNodeName)?.message).toBe(
			'Invalid Start Date in item 0: "next tuesday" is not a date OSVI understands. Use 2026-06-05 or 2026-06-05T09:30:00',
		);
	});
});
