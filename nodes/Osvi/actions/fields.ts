import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { z } from 'zod';

import { flag, requiredText, wholeNumber } from '../../shared/parameters';
import { readAllPages } from '../../shared/transport/pagination';
import type { PagedListRequest } from '../../shared/transport/pagination';
import { requestOptions } from '../../shared/transport/settings';
import { countryOptions, findCountry } from '../phone/countries';
import { normalizePhoneNumber } from '../phone';

/** The agent picker: searchable list of active agents, or an ID (`agent_…`). */
export function agentProperty(description: string): INodeProperties {
	return {
		displayName: 'Agent',
		name: 'agentId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchAgents', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: 'agent_[A-Za-z0-9_-]+',
							errorMessage:
								'An agent ID starts with agent_, as on the agent’s page in the OSVI dashboard',
						},
					},
				],
			},
		],
	};
}

export const agentId = requiredText('is empty. Choose an agent from the list or enter its ID.');

/** The number to call or list, and the country it belongs to when written without + or 00. */
export function phoneProperties(purpose: string): INodeProperties[] {
	return [
		{
			displayName: 'Phone Number',
			name: 'phoneNumber',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 98765 43210 or +91 98765 43210',
			description: `${purpose}. Spaces, dashes, dots and brackets are fine. A number starting with + or 00 carries its own country; otherwise Country decides.`,
		},
		{
			displayName: 'Country',
			name: 'countryCode',
			type: 'options',
			options: countryOptions,
			default: 'IN',
			description: 'Country of the phone number, used when the number has no + or 00 prefix',
		},
	];
}

export const phoneNumber = z
	.union([z.string(), z.number()], {
		errorMap: () => ({ message: 'must be text or a number, such as +91 98765 43210' }),
	})
	.transform(String);

export const countryCode = z.string().refine((code) => findCountry(code) !== undefined, {
	message: 'is not a known ISO 3166-1 alpha-2 country code, such as IN or US',
});

/**
 * Adds the normalized number to parameters that hold `phoneNumber` and `countryCode`; a number that cannot be one
 * is an issue on Phone Number, so the error names that field.
 */
export function withNormalizedPhone<Shape extends { phoneNumber: string; countryCode: string }>(
	parameters: Shape,
	context: z.RefinementCtx,
) {
	const phone = normalizePhoneNumber(parameters.phoneNumber, parameters.countryCode);
	if (!phone.ok) {
		context.addIssue({ code: z.ZodIssueCode.custom, path: ['phoneNumber'], message: phone.reason });
		return z.NEVER;
	}
	return { ...parameters, phone };
}

/** Return All and Limit, as every listing has them. */
export const listingProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const listing = {
	returnAll: flag,
	limit: wholeNumber({ min: 1 }),
};

/** The Options collection: by default Max Retries and Timeout, which the transport reads by itself. */
export function optionsProperty(options: INodeProperties[] = requestOptions): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/**
 * Every entry of a page-numbered listing (calls, Do Not Disturb numbers) as output items; where OSVI's own counts
 * disagree with what arrived, the node's execution hints say so.
 */
export async function readListing(
	context: IExecuteFunctions,
	request: PagedListRequest,
): Promise<INodeExecutionData[]> {
	const { items, warnings } = await readAllPages<IDataObject>(context, request);
	if (warnings.length > 0) {
		context.addExecutionHints(
			...warnings.map((message) => ({ message, location: 'outputPane' as const })),
		);
	}
	return items.map((json) => ({ json }));
}
