import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { OsviAgent } from '../../shared/interfaces';
import { osviApiRequest } from '../../shared/transport';

/** Active agents for the Agent picker; OSVI returns them all at once, so the filter runs here. */
export async function searchAgents(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	// Unlike other endpoints, active_agents answers with a bare array.
	const agents = await osviApiRequest<OsviAgent[]>(this, {
		method: 'GET',
		endpoint: '/v1/active_agents',
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
