import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { OsviAgent } from '../../shared/interfaces';
import { osviRequest } from '../../shared/transport';

/** Active agents for the Agent picker; OSVI returns them all at once, so the filter runs here. */
export async function searchAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const agents = await osviRequest<OsviAgent>(this, {
		method: 'GET',
		path: '/v1/active_agents',
		effect: 'read',
		response: 'array',
	});
	const needle = filter?.trim().toLowerCase() ?? '';
	const matching = agents.filter(
		(agent) =>
			!needle ||
			agent.name.toLowerCase().includes(needle) ||
			agent.agent_id.toLowerCase().includes(needle),
	);
	return { results: matching.map((agent) => ({ name: agent.name, value: agent.agent_id })) };
}
