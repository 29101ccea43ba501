import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { callStatusOptions } from '../shared/callStatus';
import { callStatusOf, readWebhookPayload } from './payload';
import { verifySecret, type SecretVerdict } from './verifySecret';

/** The part of n8n's HTTP response the trigger writes itself when it turns a delivery away. */
interface ResponseWriter {
	writeHead(statusCode: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
}

const REJECTIONS: Record<Exclude<SecretVerdict, 'accepted'>, { status: number; error: string }> = {
	missing: {
		status: 401,
		error:
			'Missing webhook secret: send it in the X-Osvi-Secret header, as Authorization: Bearer <secret>, or as the query parameter secret',
	},
	repeated: {
		status: 403,
		error:
			'The webhook secret or URL signature was sent more than once in one header or query parameter: send each once',
	},
	wrong: { status: 403, error: 'The webhook secret does not match' },
	badSignature: {
		status: 403,
		error:
			'The webhook URL signature does not match: its osvi_expires or osvi_signature was changed after signing, or it was signed with another Webhook Secret',
	},
	expired: {
		status: 403,
		error:
			'The signed webhook URL has expired: a signed URL is valid for 24 hours after Initiate call signs it',
	},
	unconfigured: {
		status: 500,
		error:
			'The OSVI Trigger is set to check a webhook secret, but found no Webhook Secret in its OSVI API credential',
	},
};

// Answering here and returning noWebhookResponse without workflowData is how a trigger refuses a
// request without starting an execution (n8n's Webhook node does the same).
function refuse(response: ResponseWriter, status: number, error: string): IWebhookResponseData {
	response.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
	});
	response.end(JSON.stringify({ received: false, error }));
	return { noWebhookResponse: true };
}

export class OsviTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OSVI Trigger',
		name: 'osviTrigger',
		icon: {
			light: 'file:../Osvi/osvi.svg',
			dark: 'file:../Osvi/osvi.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["callStatus"].length ? "Call status: " + $parameter["callStatus"].join(", ") : "Every finished call"}}',
		description: 'Starts the workflow when OSVI reports a finished call',
		eventTriggerDescription: 'Waiting for OSVI to report a call to the test URL',
		activationMessage: 'OSVI calls reported to the production URL now start this workflow.',
		defaults: {
			name: 'OSVI Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'osviApi',
				required: true,
				displayOptions: {
					show: {
						authentication: ['webhookSecret'],
					},
				},
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: '={{$parameter["httpMethod"]}}',
				responseMode: 'onReceived',
				// Left undefined, n8n would answer the literal text "firstEntryJson". An empty value
				// makes it answer with the webhookResponse the node returns instead.
				responseData: '',
				path: 'webhook',
			},
		],
		properties: [
			{
				// n8n 2.x draws only links and lists in a notice (it drops <b>, <br>, <code>): lists keep the two ways apart.
				displayName:
					'OSVI has no API for registering webhooks, so connect it in one of two ways:<ul>' +
					"<li>Agent integration: in the OSVI dashboard open the agent, then Post-Call Analysis → Integrations, and add a webhook with this node's production URL. With Webhook Secret authentication, add the header X-Osvi-Secret: &lt;secret&gt; there (prefer the header: it stays out of the URL and its logs). It reports only answered calls that were analysed.</li>" +
					"<li>Per call: use the URL as the Webhook URL of the OSVI node's Initiate call action. With Webhook Secret authentication, turn on its Options → Sign Webhook URL: OSVI then gets the URL with a token that expires after 24 hours instead of the secret. (Appending ?secret=&lt;secret&gt; also works, but then the secret itself is sent to OSVI and kept in its call records.) It reports every outcome, including unanswered, busy and failed calls.</li>" +
					'</ul>Use the test URL while building the workflow, and the production URL once it is active.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'HTTP Method',
				name: 'httpMethod',
				type: 'options',
				options: [
					{ name: 'PATCH', value: 'PATCH' },
					{ name: 'POST', value: 'POST' },
					{ name: 'PUT', value: 'PUT' },
				],
				default: 'POST',
				description:
					'The HTTP method OSVI sends with. Per-call webhooks always use POST; an agent integration uses the method chosen for it in OSVI.',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{
						name: 'None',
						value: 'none',
						description: 'Accept every delivery to the webhook URL',
					},
					{
						name: 'Webhook Secret',
						value: 'webhookSecret',
						description:
							"Accept only deliveries that carry the credential's webhook secret (X-Osvi-Secret header, Bearer token or secret query parameter) or come to a webhook URL signed with it",
					},
				],
				default: 'none',
				noDataExpression: true,
				description:
					'How to check that a delivery comes from OSVI. With Webhook Secret, prefer the X-Osvi-Secret header for agent integrations and a signed URL (Initiate call → Options → Sign Webhook URL) for per-call webhooks.',
			},
			{
				displayName: 'Call Status',
				name: 'callStatus',
				type: 'multiOptions',
				options: callStatusOptions,
				default: [],
				description:
					'Start the workflow only for calls with one of these statuses. Other calls are acknowledged and ignored. Leave empty to start it for every call.',
			},
		],
	};

	// OSVI has no API for managing webhooks: the user pastes the URL into OSVI, so there is nothing to register.
	webhookMethods = {
		default: {
			async checkExists(): Promise<boolean> {
				return true;
			},
			async create(): Promise<boolean> {
				return true;
			},
			async delete(): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const response: ResponseWriter = this.getResponseObject();

		if (this.getNodeParameter('authentication', 'none') === 'webhookSecret') {
			const verdict = verifySecret(
				await readWebhookSecret(this),
				{ headers: this.getHeaderData(), query: this.getQueryData() },
				Date.now(),
			);
			if (verdict !== 'accepted') {
				const { status, error } = REJECTIONS[verdict];
				return refuse(response, status, error);
			}
		}

		const read = readWebhookPayload(this.getBodyData());
		if (!read.ok) return refuse(response, 400, read.message);

		const selectedStatuses = this.getNodeParameter('callStatus', []) as string[];
		const callStatus = callStatusOf(read.payload);
		if (
			selectedStatuses.length > 0 &&
			(callStatus === undefined || !selectedStatuses.includes(callStatus))
		) {
			return { webhookResponse: { received: true, workflowStarted: false } };
		}

		return {
			webhookResponse: { received: true },
			// The body object n8n parsed, as OSVI sent it: no field is added, dropped or reshaped.
			workflowData: [[{ json: read.payload }]],
		};
	}
}

// A credential that cannot be read counts as one without a secret, so the trigger still fails closed;
// the log tells the n8n admin why, since no execution shows it.
async function readWebhookSecret(context: IWebhookFunctions): Promise<unknown> {
	try {
		const credentials = await context.getCredentials('osviApi');
		return credentials.webhookSecret;
	} catch (error) {
		context.logger.warn('OSVI Trigger could not read its OSVI API credential', {
			error: error instanceof Error ? error.message : String(error),
		});
		return undefined;
	}
}
