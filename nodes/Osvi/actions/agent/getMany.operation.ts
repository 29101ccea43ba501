import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { OsviAgent } from '../../../shared/interfaces';
import { readParameters } from '../../../shared/parameters';
import { osviRequest } from '../../../shared/transport';
import { listing, listingProperties, optionsProperty } from '../fields';
import { defineOperation } from '../operation';

const properties: INodeProperties[] = [...listingProperties, optionsProperty()];

export const getMany = defineOperation({
	kind: 'eachItem',
	choice: {
		name: 'Get Many',
		action: 'Get many agents',
		description:
			'List the account’s active voice agents (agent_id, name, status), most recently updated first. Use an agent_id as the Agent of a call.',
	},
	properties,
	prepare(itemIndex) {
		return readParameters(this, itemIndex, properties, z.object(listing));
	},
	async execute(input, itemIndex) {
		// OSVI returns every active agent at once, without pages.
		const agents = await osviRequest<OsviAgent>(this, {
			method: 'GET',
			path: '/v1/active_agents',
			effect: 'read',
			response: 'array',
			itemIndex,
		});
		const wanted = input.returnAll ? agents : agents.slice(0, input.limit);
		return wanted.map((agent) => ({ json: { ...agent } }));
	},
});
