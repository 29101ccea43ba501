import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { OsviDndAddBody, OsviDndEntry } from '../../../shared/interfaces';
import { optionalText, readParameters, withoutUndefined } from '../../../shared/parameters';
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
	...phoneProperties(
		'The number this agent must not call, sent to OSVI in international form (E.164)',
	),
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		default: '',
		placeholder: 'e.g. Asked not to be called again',
		description: 'A note of why the number is on the list; not sent when empty',
	},
	optionsProperty(),
];

const addParameters = z
	.object({ agentId, phoneNumber, countryCode, reason: optionalText })
	.transform(withNormalizedPhone)
	.transform(
		(parameters): OsviDndAddBody =>
			withoutUndefined({
				agent_uuid: parameters.agentId,
				phone: parameters.phone.e164,
				reason: parameters.reason,
			}),
	);

export const add = defineOperation({
	kind: 'eachItem',
	choice: {
		name: 'Add',
		action: 'Add number to Do Not Disturb list',
		description:
			'Put a phone number on an agent’s Do Not Disturb list: OSVI stops calling it at once, campaigns already running included',
	},
	properties,
	prepare(itemIndex) {
		return readParameters(this, itemIndex, properties, addParameters);
	},
	async execute(body, itemIndex) {
		const entry = await osviRequest<OsviDndEntry>(this, {
			method: 'POST',
			path: '/v1/dnd_numbers',
			effect: 'write',
			response: 'data',
			requiredFields: ['phone'],
			body,
			itemIndex,
			advice: {
				422: {
					message: `OSVI did not add ${body.phone} to the Do Not Disturb list`,
					description:
						'OSVI answers this when the number is already on this agent’s list: nothing changed. Get many Do Not Disturb numbers with Search shows the entry.',
				},
			},
		});
		return [{ json: entry }];
	},
});
