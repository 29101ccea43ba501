import type { INodeProperties, IPollFunctions } from 'n8n-workflow';
import { z } from 'zod';

import {
	agentIdFilter,
	callStatusList,
	callTypeFilter,
	campaignIdFilter,
} from '../shared/callFilters';
import { callStatusOptions } from '../shared/callStatus';
import {
	checkParameters,
	labelsOf,
	optionalChoice,
	optionalPositiveWholeNumber,
	optionalText,
} from '../shared/parameters';
import { finishedStatuses } from './callLog';
import type { CallLogSettings, ListingQuery } from './callLog';

export const properties: INodeProperties[] = [
	{
		displayName:
			'Checks the call log of your OSVI account at every Poll Time and starts the workflow once for each call that finished since the previous check, whoever placed it (this workflow, the dashboard, a campaign) and whether or not it was answered. It needs no public URL. Calls that finished before the workflow was activated are not reported.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Call Status',
		name: 'callStatus',
		type: 'multiOptions',
		// A call still in progress has not finished: it is reported once it has.
		options: callStatusOptions.filter((option) => option.value !== 'in_progress'),
		default: [],
		description:
			'Start the workflow only for calls that finished with one of these statuses. Leave empty to start it for every finished call.',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [agentIdFilter, callTypeFilter, campaignIdFilter],
	},
];

const schema = z.object({
	callStatus: callStatusList(finishedStatuses),
	agentId: optionalText,
	campaignId: optionalPositiveWholeNumber,
	callType: optionalChoice(['inbound', 'outbound']),
});

/**
 * The trigger's parameters, checked: a bad value (from an expression) is an error that names the field, raised
 * before anything is sent to OSVI.
 */
export function readSettings(context: IPollFunctions): CallLogSettings {
	const values = {
		callStatus: context.getNodeParameter('callStatus', []),
		...(context.getNodeParameter('filters', {}) as object),
	};
	const { callStatus, agentId, campaignId, callType } = checkParameters(
		context.getNode(),
		undefined,
		schema,
		values,
		labelsOf(properties),
	);
	const scope: ListingQuery = {};
	if (agentId !== undefined) scope.agent_uuid = agentId;
	if (campaignId !== undefined) scope.campaign_id = campaignId;
	if (callType !== undefined) scope.call_type = callType;
	return { statuses: callStatus, scope };
}
