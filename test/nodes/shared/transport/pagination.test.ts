import type { INodeParameters } from 'n8n-workflow';

import { startSandbox } from '../../../../sandbox/server';
import type { Sandbox } from '../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../harness/osviWorkflow';
import { runWorkflow } from '../../../harness/runWorkflow';

// Listings trust the data, not only OSVI's page figures (issue 8, defects 1 and 2).
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ callCount: 250 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

function listAll(): INodeParameters {
	return { resource: 'call', operation: 'list', returnAll: true, options: {} };
}

async function listCalls(parameters: INodeParameters) {
	const result = await runWorkflow(osviWorkflow(parameters), sandboxCredentials(sandbox));
	const pages = sandbox.requests().map((request) => Number(request.query.page));
	const hints = result.run.data.resultData.runData[osviNodeName]?.[0]?.hints ?? [];
	return { ...result, pages, hints };
}

function seededCallIds() {
	return sandbox.snapshot().calls.map((call) => call.call_id);
}

describe('a listing whose page count is inflated', () => {
	test('reads one call and stops at the first empty pages, not at 3,000 pages', async () => {
		sandbox.addFault({
			kind: 'meta',
			path: '/v1/calls',
			set: { total_pages: 3000 },
			times: Infinity,
		});

		const { output, error, pages } = await listCalls({
			resource: 'call',
			operation: 'list',
			returnAll: true,
			filters: { phoneNumber: phoneOfOneCall() },
			options: {},
		});

		expect(error(osviNodeName)).toBeUndefined();
		expect(output(osviNodeName)).toHaveLength(1);
		// Page 1 held the only call; the next six pages were read side by side and were empty.
		expect([...pages].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	test('does not allocate or request by a page count of 4,294,967,296', async () => {
		sandbox.addFault({
			kind: 'meta',
			path: '/v1/calls',
			set: { total_pages: 4294967296 },
			times: Infinity,
		});

		const { output, error, pages } = await listCalls(listAll());

		expect(error(osviNodeName)).toBeUndefined();
		expect(output(osviNodeName).map((item) => item.json.call_id)).toEqual(seededCallIds());
		// 250 calls fill pages 1 to 3; page 4 onwards are empty, and at most six are read at a time.
		expect(Math.max(...pages)).toBeLessThanOrEqual(3 + 6);
		expect(pages.length).toBeLessThanOrEqual(3 + 6);
	});
});

describe('a listing whose page figures are missing or wrong', () => {
	test.each([
		['without current_page', { remove: ['current_page'] }],
		['with current_page as text', { stringify: ['current_page'] }],
		['without total_pages', { remove: ['total_pages'] }],
		['without any meta', { removeMeta: true }],
	])('returns every call %s', async (_, change) => {
		sandbox.addFault({ kind: 'meta', path: '/v1/calls', times: Infinity, ...change });

		const { output, error, hints } = await listCalls(listAll());

		expect(error(osviNodeName)).toBeUndefined();
		expect(output(osviNodeName).map((item) => item.json.call_id)).toEqual(seededCallIds());
		expect(hints).toEqual([]);
	});

	test('says so in the execution hints when OSVI’s total count disagrees with the calls that arrived', async () => {
		sandbox.addFault({
			kind: 'meta',
			path: '/v1/calls',
			set: { total_count: 260 },
			times: Infinity,
		});

		const { output, hints } = await listCalls(listAll());

		expect(output(osviNodeName)).toHaveLength(250);
		expect(hints).toEqual([
			{
				message:
					'OSVI reported 260 entries in total, but 250 arrived. Entries may have been added or removed while the list was read; run the node again for a fresh list.',
				location: 'outputPane',
			},
		]);
	});

	test('reads on past a full page that OSVI calls the last when its total count says more exist', async () => {
		// 250 calls, 100 per page: OSVI claims 2 pages but 250 calls; page 2 is full, so page 3 is read too.
		sandbox.addFault({ kind: 'meta', path: '/v1/calls', set: { total_pages: 2 }, times: Infinity });

		const { output, pages } = await listCalls(listAll());

		expect(output(osviNodeName).map((item) => item.json.call_id)).toEqual(seededCallIds());
		expect(pages).toEqual([1, 2, 3]);
	});
});

function phoneOfOneCall(): string {
	const calls = sandbox.snapshot().calls;
	const counts = new Map<string, number>();
	for (const call of calls) counts.set(call.phone_number, (counts.get(call.phone_number) ?? 0) + 1);
	const unique = calls.find((call) => counts.get(call.phone_number) === 1);
	if (!unique) throw new Error('The seed has no phone number with exactly one call');
	return unique.phone_number;
}
