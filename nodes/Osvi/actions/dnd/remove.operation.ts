import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { readParameters } from '../../../shared/parameters';
import { osviRequest } from '../../../shared/transport';
import {
	agentId,
	countryCode,
	phoneNumber,
	phoneProperties,
	withNormalizedPhone,
	optionsProperty,
} from '../fields';
import { defineOperation } from '../operation';
import { dndAgentProperty } from './agent';

const properties: INodeProperties[] = [
	dndAgentProperty,
	...phoneProperties('The number to take off the list, sent to OSVI in international form (E.164)'),
	optionsProperty(),
];

const removeParameters = z
	.object({ agentId, phoneNumber, countryCode })
	.transform(withNormalizedPhone)
	.transform((parameters) => ({ agent_uuid: parameters.agentId, phone: parameters.phone.e164 }));

export const remove = defineOperation({
	kind: 'eachItem',
	choice: {
		name: 'Remove',
		action: 'Remove number from Do Not Disturb list',
		description:
			'Take a phone number off an agent’s Do Not Disturb list, so that the agent may call it again',
	},
	properties,
	prepare(itemIndex) {
		return readParameters(this, itemIndex, properties, removeParameters);
	},
	async execute(query, itemIndex) {
		// OSVI reads both parameters from the query of the DELETE; it takes no body.
		const answer = await osviRequest(this, {
			method: 'DELETE',
			path: '/v1/dnd_numbers',
			effect: 'write',
			response: 'acknowledgement',
			query,
			itemIndex,
			advice: {
				404: {
					message: `${query.phone} is not on this agent’s Do Not Disturb list`,
					description:
						'Nothing was removed. Each agent has its own list: check the Agent, or see the numbers on its list with Get many Do Not Disturb numbers.',
				},
			},
		});
		return [{ json: { ...answer, ...query } }];
	},
});
