import type { INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

/** Filters of `GET /v1/calls` that List calls and the OSVI Call Log Trigger both offer, described once. */
export const agentIdFilter: INodeProperties = {
	displayName: 'Agent ID',
	name: 'agentId',
	type: 'string',
	default: '',
	placeholder: 'e.g. agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og',
	description:
		'Only calls handled by this agent. OSVI answers 404 if the agent is not on your account.',
};

export const callTypeFilter: INodeProperties = {
	displayName: 'Call Type',
	name: 'callType',
	type: 'options',
	options: [
		{ name: 'Inbound', value: 'inbound' },
		{ name: 'Outbound', value: 'outbound' },
	],
	default: 'outbound',
};

export const campaignIdFilter: INodeProperties = {
	displayName: 'Campaign ID',
	name: 'campaignId',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 1,
	description: 'Only calls from this campaign',
};

/**
 * A list of call statuses among `allowed`; from an expression it may come as text, "picked, busy". Empty or absent
 * is an empty list.
 */
export function callStatusList<const Allowed extends readonly [string, ...string[]]>(
	allowed: Allowed,
) {
	return z.preprocess(
		(value) =>
			typeof value === 'string'
				? value
						.split(',')
						.map((status) => status.trim())
						.filter((status) => status !== '')
				: (value ?? []),
		z.array(
			z.enum(allowed, {
				errorMap: (issue, context) => ({
					message:
						issue.code === z.ZodIssueCode.invalid_enum_value
							? `must be one of ${allowed.join(', ')} (got ${String(issue.received)})`
							: context.defaultError,
				}),
			}),
			{ invalid_type_error: 'must be a list of call statuses' },
		),
	);
}
