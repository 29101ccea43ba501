import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { countryOptions, findCountry } from '../../phone/countries';
import { normalizePhoneNumber } from '../../phone';
import { parseItemParameters } from '../../helpers/validation';
import { readOptions, readTransportSettings, requestOptions } from '../../helpers/options';
import type { Schedule } from '../operation';
import type { OsviInitiateCallBody, OsviInitiateCallResult } from '../../../shared/interfaces';
import { osviApiRequest } from '../../../shared/transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Agent',
		name: 'agentId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The OSVI voice agent that makes the call',
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
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 98765 43210 or +91 98765 43210',
		description:
			'The number to call. Spaces, dashes, dots and brackets are fine. A number starting with + or 00 carries its own country; otherwise Country decides.',
	},
	{
		displayName: 'Country',
		name: 'countryCode',
		type: 'options',
		options: countryOptions,
		default: 'IN',
		description: 'Country of the phone number, used when the number has no + or 00 prefix',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Additional Data',
				name: 'additionalData',
				type: 'json',
				default: '{}',
				description:
					'A JSON object of facts the agent can use during the call, such as an appointment date or a product name',
			},
			{
				displayName: 'Person Name',
				name: 'personName',
				type: 'string',
				default: '',
				placeholder: 'e.g. John Doe',
				description: 'Name of the person being called; the agent can use it during the call',
			},
			{
				displayName: 'System Prompt',
				name: 'systemPrompt',
				type: 'string',
				typeOptions: { rows: 4 },
				default: '',
				description: 'Replaces the agent’s system prompt for this call only',
			},
			{
				displayName: 'Webhook URL',
				name: 'webhookUrl',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://your-n8n.example.com/webhook/…/webhook',
				description:
					'OSVI posts the call’s outcome to this URL when the call ends. Use the Production URL of an OSVI Trigger node here.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Concurrent Calls',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 50 },
				default: 5,
				description: 'How many calls to place at the same time',
			},
			{
				displayName: 'Max Calls per Period',
				name: 'rateLimit',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Place at most this many calls per period, evenly spaced. 0 means no limit.',
			},
			{
				displayName: 'Period',
				name: 'rateLimitPeriod',
				type: 'options',
				options: [
					{ name: 'Second', value: 'second' },
					{ name: 'Minute', value: 'minute' },
				],
				default: 'minute',
				description: 'The period of Max Calls per Period',
			},
			...requestOptions,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['call'], operation: ['initiate'] } },
	properties,
);

const labels = {
	agentId: 'Agent',
	phoneNumber: 'Phone Number',
	countryCode: 'Country',
	personName: 'Person Name',
	systemPrompt: 'System Prompt',
	webhookUrl: 'Webhook URL',
	additionalData: 'Additional Data',
};

const optionalText = z
	.string({ invalid_type_error: 'must be text' })
	.trim()
	.transform((value) => value || undefined)
	.optional();

function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

function isEmptyObject(value: object | undefined): boolean {
	return value === undefined || Object.keys(value).length === 0;
}

// The JSON editor hands over text, while an expression may already give an object.
const jsonObject = z.preprocess(
	(value) => {
		if (typeof value !== 'string') return value;
		if (value.trim() === '') return undefined;
		try {
			return JSON.parse(value) as unknown;
		} catch {
			return value;
		}
	},
	z
		.record(z.unknown(), {
			invalid_type_error: 'must be a JSON object, such as {"appointment_date": "2025-01-15"}',
		})
		.optional(),
);

const initiateParameters = z
	.object({
		agentId: z
			.string({ invalid_type_error: 'must be text' })
			.trim()
			.min(1, 'is empty. Choose an agent from the list or enter its ID.'),
		phoneNumber: z
			.union([z.string(), z.number()], {
				errorMap: () => ({ message: 'must be text or a number, such as +91 98765 43210' }),
			})
			.transform(String),
		countryCode: z.string().refine((code) => findCountry(code) !== undefined, {
			message: 'is not a known ISO 3166-1 alpha-2 country code, such as IN or US',
		}),
		personName: optionalText,
		systemPrompt: optionalText,
		webhookUrl: optionalText.refine((url) => url === undefined || isHttpUrl(url), {
			message:
				'must be an http:// or https:// address with a host, such as https://example.com/hook',
		}),
		additionalData: jsonObject,
	})
	.transform((parameters, context): OsviInitiateCallBody => {
		const phone = normalizePhoneNumber(parameters.phoneNumber, parameters.countryCode);
		if (!phone.ok) {
			context.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['phoneNumber'],
				message: phone.reason,
			});
			return z.NEVER;
		}
		const body: OsviInitiateCallBody = {
			agent_uuid: parameters.agentId,
			phone_number: phone.phoneNumber,
			country_code: phone.countryCode,
			person_name: parameters.personName,
			system_prompt: parameters.systemPrompt,
			webhook_url: parameters.webhookUrl,
			additional_data: isEmptyObject(parameters.additionalData)
				? undefined
				: (parameters.additionalData as IDataObject),
		};
		// OSVI falls back to the agent's defaults only for fields that are absent, not empty.
		for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
		return body;
	});

export function prepare(this: IExecuteFunctions, itemIndex: number): OsviInitiateCallBody {
	const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	return parseItemParameters(
		this.getNode(),
		itemIndex,
		initiateParameters,
		{
			agentId: this.getNodeParameter('agentId', itemIndex, '', { extractValue: true }),
			phoneNumber: this.getNodeParameter('phoneNumber', itemIndex, ''),
			countryCode: this.getNodeParameter('countryCode', itemIndex, 'IN'),
			...additionalFields,
		},
		labels,
	);
}

const periodMs = { second: 1_000, minute: 60_000 };
// Matches the default of the Concurrent Calls option.
const defaultConcurrency = 5;

export function schedule(this: IExecuteFunctions): Schedule {
	const options = readOptions(this, 0);
	const rateLimit = Number(options.rateLimit ?? 0);
	const period =
		periodMs[(options.rateLimitPeriod as keyof typeof periodMs) ?? 'minute'] ?? periodMs.minute;
	return {
		concurrency: Math.max(1, Math.floor(Number(options.concurrency ?? defaultConcurrency))),
		intervalMs: rateLimit > 0 ? period / rateLimit : 0,
	};
}

export async function execute(
	this: IExecuteFunctions,
	body: OsviInitiateCallBody,
	itemIndex: number,
): Promise<IDataObject[]> {
	const response = await osviApiRequest<{ data: OsviInitiateCallResult }>(
		this,
		{ method: 'POST', endpoint: '/call', body, itemIndex },
		readTransportSettings(this, itemIndex),
	);
	return [{ ...response.data, phone_number: body.phone_number, country_code: body.country_code }];
}
