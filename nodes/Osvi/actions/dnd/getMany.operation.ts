import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { optionalText, readParameters, withoutUndefined } from '../../../shared/parameters';
import { agentId, listing, listingProperties, optionsProperty, readListing } from '../fields';
import { defineOperation } from '../operation';
import { dndAgentProperty } from './agent';

const properties: INodeProperties[] = [
	dndAgentProperty,
	...listingProperties,
	{
		displayName: 'Search',
		name: 'search',
		type: 'string',
		default: '',
		placeholder: 'e.g. 98765',
		description: 'Only numbers that contain these digits',
	},
	optionsProperty(),
];

const getManyParameters = z
	.object({
		agentId,
		...listing,
		// Digits typed into an expression arrive as a number.
		search: z.preprocess(
			(value) => (typeof value === 'number' ? String(value) : value),
			optionalText,
		),
	})
	.transform(({ agentId: agentUuid, returnAll, limit, search }) => ({
		returnAll,
		limit,
		query: withoutUndefined({ agent_uuid: agentUuid, search }),
	}));

// Lists are usually short; a few pages side by side are plenty for long ones.
const pageConcurrency = 4;

export const getMany = defineOperation({
	kind: 'eachItem',
	choice: {
		name: 'Get Many',
		action: 'Get many Do Not Disturb numbers',
		description:
			'List the numbers on an agent’s Do Not Disturb list, newest first, optionally only those containing some digits. Reads only.',
	},
	properties,
	prepare(itemIndex) {
		return readParameters(this, itemIndex, properties, getManyParameters);
	},
	async execute(request, itemIndex) {
		return await readListing(this, {
			path: '/v1/dnd_numbers',
			query: request.query,
			returnAll: request.returnAll,
			limit: request.limit,
			itemIndex,
			pageConcurrency,
		});
	},
});
