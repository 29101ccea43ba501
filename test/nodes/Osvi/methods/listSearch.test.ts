import { LoadOptionsContext } from 'n8n-core';

import { searchAgents } from '../../../../nodes/Osvi/methods/listSearch';
import { startSandbox } from '../../../../sandbox/server';
import type { Sandbox } from '../../../../sandbox/server';
import {
	osviNodeName,
	osviWorkflow,
	sandboxCredentials,
	wrongTokenFor,
} from '../../../harness/osviWorkflow';
import { createEnvironment } from '../../../harness/runWorkflow';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

function loadOptionsContext(token = sandbox.token) {
	const json = osviWorkflow({ resource: 'call', operation: 'initiate' });
	const { workflow, additionalData } = createEnvironment(json, sandboxCredentials(sandbox, token));
	const node = json.nodes.find((candidate) => candidate.name === osviNodeName)!;
	return new LoadOptionsContext(workflow, node, additionalData, 'agentId');
}

describe('searchAgents', () => {
	test('lists the active agents by name with their IDs, and no archived agent', async () => {
		const activeAgents = sandbox.snapshot().agents.filter((agent) => !agent.archived);

		const result = await searchAgents.call(loadOptionsContext());

		expect(result).toEqual({
			results: activeAgents.map((agent) => ({ name: agent.name, value: agent.agent_id })),
		});
		expect(sandbox.requests().map(({ method, path }) => ({ method, path }))).toEqual([
			{ method: 'GET', path: '/v1/active_agents' },
		]);
		expect(sandbox.requests()[0].headers['api-token']).toBe(sandbox.token);
	});

	test('filters by a part of the name or the ID, ignoring case', async () => {
		const [first] = sandbox.snapshot().agents.filter((agent) => !agent.archived);
		const byName = await searchAgents.call(
			loadOptionsContext(),
			first.name.slice(0, 5).toUpperCase(),
		);
		const byId = await searchAgents.call(loadOptionsContext(), first.agent_id.slice(-6));

		expect(byName.results).toContainEqual({ name: first.name, value: first.agent_id });
		expect(
			byName.results.every((agent) =>
				agent.name.toUpperCase().includes(first.name.slice(0, 5).toUpperCase()),
			),
		).toBe(true);
		expect(byId.results).toEqual([{ name: first.name, value: first.agent_id }]);
	});

	test('fails with the credential hint when the token is wrong', async () => {
		await expect(
			searchAgents.call(loadOptionsContext(wrongTokenFor(sandbox.token))),
		).rejects.toThrow('OSVI did not accept the API token: Invalid or missing API-Token');
	});
});
