import { NodeOperationError } from 'n8n-workflow';
import type { INodeProperties, IPollFunctions } from 'n8n-workflow';
import { z } from 'zod';

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
		],
	},
];

// Values from expressions arrive as the data holds them: a list may come as "picked, busy".
const statusList = z.preprocess(
	(value) =>
		typeof value === 'string'
			? value
					.split(',')
					.map((status) => status.trim())
					.filter((status) => status !== '')
			: (value ?? []),
	z.array(
		z.enum(finishedStatuses, {
			errorMap: (issue, context) => ({
				message:
					issue.code === z.ZodIssueCode.invalid_enum_value
						? `must be among ${finishedStatuses.join(', ')} (got ${String(issue.received)})`
						: context.defaultError,
			}),
		}),
		{ invalid_type_error: 'must be a list of call statuses' },
	),
);

const schema = z.object({
	callStatus: statusList,
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
