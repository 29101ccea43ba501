import { NodeOperationError } from 'n8n-workflow';
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
	const result = schema.safeParse(values);
	if (!result.success) {
		const issue = result.error.issues[0];
		const field = String(issue.path[0] ?? '');
		const label = labelsOf(properties).get(field) ?? field;
		throw new NodeOperationError(context.getNode(), `Invalid ${label}: ${issue.message}`, {
			description: `Nothing was read from OSVI. Correct the ${label} field of the OSVI Call Log Trigger.`,
		});
	}
	const { callStatus, agentId, campaignId, callType } = result.data;
	const scope: ListingQuery = {};
	if (agentId !== undefined) scope.agent_uuid = agentId;
	if (campaignId !== undefined) scope.campaign_id = campaignId;
	if (callType !== undefined) scope.call_type = callType;
	return { statuses: callStatus, scope };
}
