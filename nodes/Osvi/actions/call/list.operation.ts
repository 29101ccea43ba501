import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { callStatuses, callStatusOptions } from '../../../shared/callStatus';
import { toOsviDate } from './dates';
import { readTransportSettings, requestOptions } from '../../helpers/options';
import { parseItemParameters } from '../../helpers/validation';
import type { OsviCall, OsviCallFilters } from '../../../shared/interfaces';
import { osviApiRequestPages } from '../../../shared/transport/pagination';

const properties: INodeProperties[] = [
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
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Agent ID',
				name: 'agentId',
				type: 'string',
				default: '',
				placeholder: 'e.g. agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og',
				description:
					'Only calls handled by this agent. OSVI answers 404 if the agent is not on your account.',
			},
			{
				displayName: 'Call Status',
				name: 'status',
				type: 'multiOptions',
				options: callStatusOptions,
				default: [],
				description: 'Only calls with one of these outcomes',
			},
			{
				displayName: 'Call Type',
				name: 'callType',
				type: 'options',
				options: [
					{ name: 'Inbound', value: 'inbound' },
					{ name: 'Outbound', value: 'outbound' },
				],
				default: 'outbound',
			},
			{
				displayName: 'Campaign ID',
				name: 'campaignId',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'Only calls from this campaign',
			},
			{
				displayName: 'Campaign Upload ID',
				name: 'campaignUploadId',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description: 'Only calls from one contact upload within a campaign',
			},
			{
				displayName: 'End Date',
				name: 'endDate',
				type: 'dateTime',
				default: '',
				description:
					'Only calls picked up at or before this moment. A date without a time (2026-06-05) means that whole day in India Standard Time, as OSVI reads it.',
			},
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. 98765',
				description: 'Only calls whose other party’s number contains these digits',
			},
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				default: '',
				description:
					'Only calls picked up at or after this moment. A date without a time (2026-06-05) means that whole day in India Standard Time, as OSVI reads it.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: requestOptions,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['list'] } },
	properties,
);

const labels = {
	returnAll: 'Return All',
	limit: 'Limit',
	agentId: 'Agent ID',
	status: 'Call Status',
	callType: 'Call Type',
	campaignId: 'Campaign ID',
	campaignUploadId: 'Campaign Upload ID',
	startDate: 'Start Date',
	endDate: 'End Date',
	phoneNumber: 'Phone Number',
};

// Values from expressions arrive as the data holds them: numbers as text, lists as "a,b", blanks as '' or null.
const blankAsAbsent = (value: unknown) => (value === '' || value === null ? undefined : value);

const positiveInteger = z
	.union([z.number(), z.string().trim()], {
		errorMap: () => ({ message: 'must be a whole number' }),
	})
	.pipe(
		z.coerce
			.number({ invalid_type_error: 'must be a whole number' })
			.int('must be a whole number')
			.positive('must be 1 or more'),
	);

const optionalPositiveInteger = z.preprocess(blankAsAbsent, positiveInteger.optional());

const optionalText = z.preprocess(
	blankAsAbsent,
	z
		.union([z.string(), z.number()], { errorMap: () => ({ message: 'must be text' }) })
		.transform((value) => String(value).trim() || undefined)
		.optional(),
);

const statusList = z.preprocess(
	(value) =>
		typeof value === 'string'
			? value
					.split(',')
					.map((status) => status.trim())
					.filter(Boolean)
			: blankAsAbsent(value),
	z
		.array(z.enum(callStatuses, { message: `must be one of ${callStatuses.join(', ')}` }), {
			invalid_type_error: 'must be a list of call statuses',
		})
		.optional(),
);

function dateFilter(timezone: string) {
	return z.unknown().transform((value, context) => {
		if (value === undefined || value === null || value === '') return undefined;
		const date = toOsviDate(value, timezone);
		if (date.ok) return date.value;
		context.addIssue({ code: z.ZodIssueCode.custom, message: date.reason });
		return z.NEVER;
	});
}

function listParameters(timezone: string) {
	return z
		.object({
			returnAll: z.boolean({ invalid_type_error: 'must be true or false' }),
			limit: positiveInteger,
			status: statusList,
			agentId: optionalText,
			campaignId: optionalPositiveInteger,
			campaignUploadId: optionalPositiveInteger,
			phoneNumber: optionalText,
			callType: z
				.enum(['inbound', 'outbound'], { message: 'must be inbound or outbound' })
				.optional(),
			startDate: dateFilter(timezone),
			endDate: dateFilter(timezone),
		})
		.transform((parameters) => {
			const filters: OsviCallFilters = {
				status: parameters.status?.length ? parameters.status.join(',') : undefined,
				agent_uuid: parameters.agentId,
				campaign_id: parameters.campaignId,
				campaign_upload_id: parameters.campaignUploadId,
				phone_number: parameters.phoneNumber,
				call_type: parameters.callType,
				start_date: parameters.startDate,
				end_date: parameters.endDate,
			};
			for (const key of Object.keys(filters)) if (filters[key] === undefined) delete filters[key];
			return { returnAll: parameters.returnAll, limit: parameters.limit, filters };
		});
}

export type ListRequest = z.output<ReturnType<typeof listParameters>>;

export function prepare(this: IExecuteFunctions, itemIndex: number): ListRequest {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return parseItemParameters(
		this.getNode(),
		itemIndex,
		listParameters(this.getTimezone()),
		{ returnAll, limit: returnAll ? 1 : this.getNodeParameter('limit', itemIndex, 50), ...filters },
		labels,
	);
}

// Page requests of one listing run side by side, but few enough not to crowd OSVI.
const pageConcurrency = 6;

export async function execute(
	this: IExecuteFunctions,
	request: ListRequest,
	itemIndex: number,
): Promise<IDataObject[]> {
	return await osviApiRequestPages<OsviCall>(
		this,
		{
			endpoint: '/v1/calls',
			qs: request.filters,
			returnAll: request.returnAll,
			limit: request.limit,
			itemIndex,
			pageConcurrency,
		},
		readTransportSettings(this, itemIndex),
	);
}
