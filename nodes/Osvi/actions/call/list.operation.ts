import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { callStatuses, callStatusOptions } from '../../../shared/callStatus';
import type { OsviCall, OsviCallFilters } from '../../../shared/interfaces';
import {
	optionalChoice,
	optionalPositiveWholeNumber,
	optionalText,
	readParameters,
	withoutUndefined,
} from '../../../shared/parameters';
import { readAllPages } from '../../../shared/transport/pagination';
import { requestOptions } from '../../../shared/transport/settings';
import { listing, listingProperties } from '../fields';
import { defineOperation } from '../operation';
import { toOsviDate } from './dates';

const properties: INodeProperties[] = [
	...listingProperties,
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

// Values from expressions arrive as the data holds them: lists as "a,b", blanks as '' or null.
const statusList = z.preprocess(
	(value) =>
		typeof value === 'string'
			? value
					.split(',')
					.map((status) => status.trim())
					.filter(Boolean)
			: value === null
				? undefined
				: value,
	z
		.array(z.enum(callStatuses, { message: `must be one of ${callStatuses.join(', ')}` }), {
			invalid_type_error: 'must be a list of call statuses',
		})
		.optional()
		.transform((statuses) => (statuses?.length ? statuses.join(',') : undefined)),
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
			...listing,
			status: statusList,
			agentId: optionalText,
			campaignId: optionalPositiveWholeNumber,
			campaignUploadId: optionalPositiveWholeNumber,
			// Digits typed into an expression arrive as a number.
			phoneNumber: z.preprocess(
				(value) => (typeof value === 'number' ? String(value) : value),
				optionalText,
			),
			callType: optionalChoice(['inbound', 'outbound']),
			startDate: dateFilter(timezone),
			endDate: dateFilter(timezone),
		})
		.transform(({ returnAll, limit, ...filters }) => ({
			returnAll,
			limit,
			query: withoutUndefined<OsviCallFilters>({
				status: filters.status,
				agent_uuid: filters.agentId,
				campaign_id: filters.campaignId,
				campaign_upload_id: filters.campaignUploadId,
				phone_number: filters.phoneNumber,
				call_type: filters.callType,
				start_date: filters.startDate,
				end_date: filters.endDate,
			}),
		}));
}

// Page requests of one listing run side by side, but few enough not to crowd OSVI.
const pageConcurrency = 6;

export const list = defineOperation({
	kind: 'eachItem',
	choice: {
		name: 'List',
		action: 'List calls',
		description: 'List calls with their outcomes, newest first, with optional filters',
	},
	properties,
	prepare(itemIndex) {
		return readParameters(this, itemIndex, properties, listParameters(this.getTimezone()));
	},
	async execute(request, itemIndex) {
		const { items, warnings } = await readAllPages<OsviCall>(this, {
			path: '/v1/calls',
			query: request.query,
			returnAll: request.returnAll,
			limit: request.limit,
			itemIndex,
			pageConcurrency,
		});
		if (warnings.length > 0) {
			this.addExecutionHints(
				...warnings.map((message) => ({ message, location: 'outputPane' as const })),
			);
		}
		return items.map((json) => ({ json }));
	},
});
