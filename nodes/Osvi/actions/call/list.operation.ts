import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import {
	agentIdFilter,
	callStatusList,
	callTypeFilter,
	campaignIdFilter,
} from '../../../shared/callFilters';
import { callStatuses, callStatusOptions } from '../../../shared/callStatus';
import type { OsviCallFilters } from '../../../shared/interfaces';
import {
	optionalChoice,
	optionalPositiveWholeNumber,
	optionalText,
	readParameters,
	withoutUndefined,
} from '../../../shared/parameters';
import { listing, listingProperties, optionsProperty, readListing } from '../fields';
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
			agentIdFilter,
			{
				displayName: 'Call Status',
				name: 'status',
				type: 'multiOptions',
				options: callStatusOptions,
				default: [],
				description: 'Only calls with one of these outcomes',
			},
			callTypeFilter,
			campaignIdFilter,
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
	optionsProperty(),
];

const statusList = callStatusList(callStatuses).transform((statuses) =>
	statuses.length > 0 ? statuses.join(',') : undefined,
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
		return await readListing(this, {
			path: '/v1/calls',
			query: request.query,
			returnAll: request.returnAll,
			limit: request.limit,
			itemIndex,
			pageConcurrency,
		});
	},
});
