import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { OsviInitiateCallBody, OsviInitiateCallResult } from '../../../shared/interfaces';
import {
	flag,
	invalidParameter,
	optionalJsonObject,
	optionalText,
	readParameters,
	withoutUndefined,
} from '../../../shared/parameters';
import { signWebhookUrl } from '../../../shared/webhookSignature';
import { osviRequest } from '../../../shared/transport';
import { requestOptions } from '../../../shared/transport/settings';
import {
	agentId,
	agentProperty,
	countryCode,
	phoneNumber,
	phoneProperties,
	withNormalizedPhone,
	optionsProperty,
} from '../fields';
import { defineOperation } from '../operation';
import { placingOptions } from '../run/placeCalls';

/** The parameters of placing a call, shared with Initiate and Wait, which places calls exactly the same way. */
export const callProperties: INodeProperties[] = [
	agentProperty('The OSVI voice agent that makes the call'),
	...phoneProperties('The number to call'),
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
];

/** The Options of placing calls: pacing, signing, then how patient to be with OSVI. */
export const callOptions: INodeProperties[] = [
	...placingOptions,
	{
		displayName: 'Sign Webhook URL',
		name: 'signWebhookUrl',
		type: 'boolean',
		default: false,
		description:
			'Whether to add an expiring signature, made with the Webhook Secret of the OSVI API credential, to the Webhook URL. An OSVI Trigger set to Webhook Secret accepts it for 24 hours, and OSVI never receives the secret itself.',
	},
	...requestOptions,
];

function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

export const callParameters = z
	.object({
		agentId,
		phoneNumber,
		countryCode,
		personName: optionalText,
		systemPrompt: optionalText,
		webhookUrl: optionalText.refine((url) => url === undefined || isHttpUrl(url), {
			message:
				'must be an http:// or https:// address with a host, such as https://example.com/hook',
		}),
		additionalData: optionalJsonObject('{"appointment_date": "2025-01-15"}'),
		signWebhookUrl: flag.default(false),
	})
	.transform(withNormalizedPhone)
	.transform(
		(parameters): CallRequest => ({
			signWebhookUrl: parameters.signWebhookUrl,
			body: withoutUndefined({
				agent_uuid: parameters.agentId,
				phone_number: parameters.phone.phoneNumber,
				country_code: parameters.phone.countryCode,
				person_name: parameters.personName,
				system_prompt: parameters.systemPrompt,
				webhook_url: parameters.webhookUrl,
				additional_data: parameters.additionalData as OsviInitiateCallBody['additional_data'],
			}),
		}),
	);

const properties: INodeProperties[] = [...callProperties, optionsProperty(callOptions)];

/** One item's call: the body of `POST /call`, and whether its Webhook URL is to be signed when it is placed. */
export interface CallRequest {
	body: OsviInitiateCallBody;
	signWebhookUrl: boolean;
}

// The secret is read once per run; signing needs it for every call.
const webhookSecrets = new WeakMap<IExecuteFunctions, Promise<unknown>>();

async function webhookSecretOf(context: IExecuteFunctions): Promise<unknown> {
	let secret = webhookSecrets.get(context);
	if (!secret) {
		secret = context.getCredentials('osviApi').then((credentials) => credentials.webhookSecret);
		webhookSecrets.set(context, secret);
	}
	return await secret;
}

async function signedUrl(
	context: IExecuteFunctions,
	url: string,
	itemIndex: number,
	nowMs: number,
): Promise<string> {
	const signed = signWebhookUrl(url, await webhookSecretOf(context), nowMs);
	if (signed.ok) return signed.url;
	throw invalidParameter(context.getNode(), itemIndex, 'Webhook URL', signed.reason);
}

/** Reads and checks one item's call; a Webhook URL to be signed is checked too, before anything is sent. */
export async function prepareCall(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<CallRequest> {
	const request = readParameters(this, itemIndex, properties, callParameters);
	const url = request.body.webhook_url;
	if (request.signWebhookUrl) {
		if (url === undefined) {
			throw invalidParameter(
				this.getNode(),
				itemIndex,
				'Webhook URL',
				'is empty, so there is nothing to sign. Enter the Production URL of an OSVI Trigger, or turn Sign Webhook URL off.',
			);
		}
		await signedUrl(this, url, itemIndex, Date.now());
	}
	return request;
}

/**
 * Places one call, signing its Webhook URL at that moment (pacing may place it long after the run began). Never
 * repeated once it may have reached OSVI (the transport's rule for `placesCall`).
 */
export async function placeCall(
	this: IExecuteFunctions,
	{ body, signWebhookUrl: sign }: CallRequest,
	itemIndex: number,
): Promise<OsviInitiateCallResult> {
	const webhookUrl =
		sign && body.webhook_url
			? await signedUrl(this, body.webhook_url, itemIndex, Date.now())
			: body.webhook_url;
	return await osviRequest<OsviInitiateCallResult>(this, {
		method: 'POST',
		path: '/call',
		effect: 'placesCall',
		response: 'data',
		requiredFields: ['call_id'],
		body: withoutUndefined({ ...body, webhook_url: webhookUrl }),
		itemIndex,
	});
}

export const initiate = defineOperation({
	kind: 'placesCalls',
	choice: {
		name: 'Initiate',
		action: 'Initiate call',
		description:
			'Place a real phone call now: an OSVI voice agent dials the number and talks to the person',
	},
	properties,
	prepare: prepareCall,
	place: placeCall,
	callIdOf: (result) => result.call_id,
	finish: async (calls) =>
		calls.map(({ input: { body }, placed }) => ({
			ok: true,
			value: [
				{ json: { ...placed, phone_number: body.phone_number, country_code: body.country_code } },
			],
		})),
});
