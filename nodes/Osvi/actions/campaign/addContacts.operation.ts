import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { z } from 'zod';

import type {
	OsviAddContactsBody,
	OsviAddContactsResult,
	OsviCampaignContact,
} from '../../../shared/interfaces';
import {
	flag,
	optionalJsonObject,
	optionalText,
	readParameters,
	withoutUndefined,
} from '../../../shared/parameters';
import { osviRequest } from '../../../shared/transport';
import type { UncertainOutcome } from '../../../shared/transport';
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
import type { Batch } from '../operation';
import type { NodeError } from '../run/items';
import { campaignId, campaignIdProperty, campaignNotFound, campaignPath } from './campaignId';

/** OSVI takes at most this many contacts per request. */
const maxContactsPerRequest = 10_000;

const properties: INodeProperties[] = [
	campaignIdProperty,
	agentProperty(
		'The OSVI voice agent that calls these contacts. Items with different agents are sent in separate requests.',
	),
	...phoneProperties('The contact’s phone number, sent to OSVI in international form (E.164)'),
	{
		displayName: 'Person Name',
		name: 'personName',
		type: 'string',
		default: '',
		placeholder: 'e.g. John Doe',
		description: 'Name of the contact; the agent can use it during the call',
	},
	{
		displayName: 'Contact Data',
		name: 'contactData',
		type: 'json',
		default: '{}',
		description:
			'A JSON object of further fields of this contact, such as {"plan": "Pro"}, which OSVI keeps as prompt variables for the agent. Its keys phone and person_name are ignored: Phone Number and Person Name set those.',
	},
	{
		displayName: 'Enqueue',
		name: 'enqueue',
		type: 'boolean',
		default: false,
		description:
			'Whether to release the contacts to the agent’s calling queue at once, so that OSVI calls them in the campaign’s calling window. Off: the contacts are only added to the campaign.',
	},
	optionsProperty(),
];

/** What one item adds: its contact, and the request it belongs to (campaign, agent, enqueue). */
interface ContactInput {
	campaignId: number;
	agentUuid: string;
	enqueue: boolean;
	contact: OsviCampaignContact;
}

const reservedKeys = new Set(['phone', 'person_name']);

const contactParameters = z
	.object({
		campaignId,
		agentId,
		phoneNumber,
		countryCode,
		personName: optionalText,
		contactData: optionalJsonObject('{"plan": "Pro"}'),
		enqueue: flag,
	})
	.transform(withNormalizedPhone)
	.transform((parameters): ContactInput => {
		// A whole sheet row is a natural Contact Data; its own phone and name columns must not replace the fields,
		// and an empty Person Name must not let the row's name through either.
		const extra = Object.fromEntries(
			Object.entries(parameters.contactData ?? {}).filter(([key]) => !reservedKeys.has(key)),
		) as IDataObject;
		return {
			campaignId: parameters.campaignId,
			agentUuid: parameters.agentId,
			enqueue: parameters.enqueue,
			contact: withoutUndefined({
				...extra,
				phone: parameters.phone.e164,
				person_name: parameters.personName,
			}),
		};
	});

/** OSVI's error may name rows as `contacts[3]`; say which items those are. */
function rowsNamed(error: NodeError, batch: Batch<ContactInput>): string {
	const positions = [
		...new Set([...error.message.matchAll(/contacts\[(\d+)\]/g)].map((match) => Number(match[1]))),
	];
	const named = positions
		.map((position) => [position, batch[position]?.itemIndex] as const)
		.filter(([, itemIndex]) => itemIndex !== undefined)
		.map(([position, itemIndex]) => `contacts[${position}] is item ${itemIndex}`);
	return named.length > 0 ? ` In OSVI’s message, ${named.join(', ')}.` : '';
}

// A 4xx answer means OSVI refused the request as a whole: nothing of it was stored or queued.
function failedBatchNote(batch: Batch<ContactInput>, error: NodeError): string {
	if (!(error instanceof NodeApiError && /^4\d\d$/.test(error.httpCode ?? ''))) return '';
	const contacts = `${batch.length} contact${batch.length === 1 ? '' : 's'}`;
	return `OSVI refused this request, so none of its ${contacts} were added to campaign ${batch[0].input.campaignId}.${rowsNamed(error, batch)}`;
}

/** When OSVI may have taken the batch: what it may have stored or queued, and where to look before sending it again. */
function uncertainOutcome(batch: Batch<ContactInput>): UncertainOutcome {
	const { campaignId: id, enqueue } = batch[0].input;
	const one = batch.length === 1;
	const added = `${one ? 'The contact' : `The ${batch.length} contacts`} may or may not have been added to campaign ${id}`;
	return enqueue
		? {
				briefly: 'calls may have been queued',
				advice: `${added} and ${one ? 'its call' : 'their calls'} queued. Before sending these items again, check the campaign’s uploads with Get campaign status, or List calls with Campaign ID ${id}, so that nobody is dialled twice.`,
			}
		: {
				briefly: 'contacts may have been added',
				advice: `${added} as a new upload. Check the campaign’s uploads with Get campaign status before sending these items again.`,
			};
}

export const addContacts = defineOperation({
	kind: 'batch',
	choice: {
		name: 'Add Contacts',
		action: 'Add contacts to campaign',
		description:
			'Add each input item as a contact of an OSVI campaign, up to 10,000 per request. With Enqueue on, OSVI starts calling them: real phone calls within the campaign’s calling window.',
	},
	properties,
	batchSize: maxContactsPerRequest,
	prepare(itemIndex) {
		return readParameters(this, itemIndex, properties, contactParameters);
	},
	batchKey: (input) => JSON.stringify([input.campaignId, input.agentUuid, input.enqueue]),
	async executeBatch(batch) {
		const [{ itemIndex, input: first }] = batch;
		const body: OsviAddContactsBody = {
			agent_uuid: first.agentUuid,
			contacts: batch.map(({ input }) => input.contact),
			enqueue: first.enqueue,
		};
		// Enqueued contacts are called by OSVI, so the request is never repeated once it may have arrived.
		return await osviRequest<OsviAddContactsResult>(this, {
			method: 'POST',
			path: campaignPath(first.campaignId, '/contacts'),
			effect: first.enqueue ? 'placesCall' : 'write',
			response: 'data',
			requiredFields: ['campaign_upload_id'],
			body,
			itemIndex,
			advice: campaignNotFound(first.campaignId),
			uncertainOutcome: uncertainOutcome(batch),
		});
	},
	failedBatchNote: (batch, error) => failedBatchNote(batch, error),
});
