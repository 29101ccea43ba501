import type { IDataObject } from 'n8n-workflow';

import { startSandbox } from '../../../../../sandbox/server';
import type { Sandbox } from '../../../../../sandbox/server';
import { osviNodeName, osviWorkflow, sandboxCredentials } from '../../../../harness/osviWorkflow';
import { runWorkflow } from '../../../../harness/runWorkflow';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ callCount: 10 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

/** What OSVI itself answers, read straight from the sandbox. */
async function activeAgentsFromOsvi(): Promise<IDataObject[]> {
	const response = await fetch(`${sandbox.url}/v1/active_agents`, {
		headers: { 'API-Token': sandbox.token },
	});
	return (await response.json()) as IDataObject[];
}

const getMany = (parameters: IDataObject) => ({
	resource: 'agent',
	operation: 'getMany',
	...parameters,
});

function sentRequests() {
	return sandbox.requests().map(({ method, path, query }) => ({ method, path, query }));
}

describe('Agent → Get Many', () => {
	test('with Return All, outputs one item per active agent exactly as OSVI returns it', async () => {
		const agents = await activeAgentsFromOsvi();
		expect(agents.length).toBeGreaterThanOrEqual(3);
		expect(agents.length).toBeLessThan(sandbox.snapshot().agents.length);
		sandbox.clearRequests();

		const { output } = await runWorkflow(
			osviWorkflow(getMany({ returnAll: true })),
			sandboxCredentials(sandbox),
		);

		expect(sentRequests()).toEqual([{ method: 'GET', path: '/v1/active_agents', query: {} }]);
		expect(output(osviNodeName)).toEqual(agents.map((json) => ({ json, pairedItem: { item: 0 } })));
		expect(Object.keys(output(osviNodeName)[0].json).sort()).toEqual([
			'agent_id',
			'name',
			'status',
		]);
	});

	test('stops at the limit, in OSVI’s order', async () => {
		const agents = await activeAgentsFromOsvi();
		sandbox.clearRequests();

		const { output } = await runWorkflow(
			osviWorkflow(getMany({ returnAll: false, limit: 2 })),
			sandboxCredentials(sandbox),
		);

		expect(sentRequests()).toEqual([{ method: 'GET', path: '/v1/active_agents', query: {} }]);
		expect(output(osviNodeName)).toEqual(
			agents.slice(0, 2).map((json) => ({ json, pairedItem: { item: 0 } })),
		);
	});

	test('returns 50 agents at most by default, and every agent when the limit is above their number', async () => {
		const agents = await activeAgentsFromOsvi();

		const { output } = await runWorkflow(osviWorkflow(getMany({})), sandboxCredentials(sandbox));

		expect(agents.length).toBeLessThan(50);
		expect(output(osviNodeName).map(({ json }) => json)).toEqual(agents);
	});

	test('lists once per input item, each item’s agents paired with it', async () => {
		const agents = await activeAgentsFromOsvi();
		sandbox.clearRequests();

		const { output } = await runWorkflow(
			osviWorkflow(getMany({ limit: '={{ $json.limit }}' }), {
				items: [{ limit: 1 }, { limit: 2 }],
			}),
			sandboxCredentials(sandbox),
		);

		expect(sentRequests()).toHaveLength(2);
		expect(output(osviNodeName)).toEqual([
			{ json: agents[0], pairedItem: { item: 0 } },
			{ json: agents[0], pairedItem: { item: 1 } },
			{ json: agents[1], pairedItem: { item: 1 } },
		]);
	});

	test('rejects a limit below 1 before any request', async () => {
		const { error } = await runWorkflow(
			osviWorkflow(getMany({ limit: '={{ 0 }}' })),
			sandboxCredentials(sandbox),
		);

		expect(sandbox.requests()).toEqual([]);
		expect(error(osviNodeName)?.message).toBe('Invalid Limit in item 0: must be 1 or more');
	});

	test('an answer that is not a list of agents is an error that says what OSVI sent', async () => {
		sandbox.addFault({
			kind: 'body',
			path: '/v1/active_agents',
			body: { success: true, data: [] },
		});

		const { error } = await runWorkflow(
			osviWorkflow(getMany({ returnAll: true })),
			sandboxCredentials(sandbox),
		);

		expect(error(osviNodeName)?.message).toBe(
			'OSVI answered in an unexpected form (200): expected a JSON array, but it sent {"success":true,"data":[]}',
		);
	});

	test('with continue-on-fail, a failed listing becomes an error item', async () => {
		sandbox.addFault({ kind: 'status', status: 401, path: '/v1/active_agents' });

		const { output } = await runWorkflow(
			osviWorkflow(getMany({ returnAll: true }), { continueOnFail: true }),
			sandboxCredentials(sandbox),
		);

		expect(output(osviNodeName)).toEqual([
			{
				json: {
					error: expect.stringMatching(/^OSVI did not accept the API token/),
					description:
						'Check the API Token of the OSVI API credential. You find it in the OSVI dashboard under Settings → API.',
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});
