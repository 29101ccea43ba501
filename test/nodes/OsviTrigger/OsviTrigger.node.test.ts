import {
	NodeHelpers,
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { OsviTrigger } from '../../../nodes/OsviTrigger/OsviTrigger.node';
import { signWebhookUrl } from '../../../nodes/shared/webhookSignature';
import {
	createWebhookContext,
	type FakeDelivery,
	type LogEntry,
	type RecordedResponse,
} from '../../helpers/webhookContext';
import { perCallPayload, postCallAnalysisPayload } from './payloads';

const SECRET = 'example-osvi-secret-4f9a';
const trigger = new OsviTrigger();
const { description } = trigger;

type Delivery = Omit<FakeDelivery, 'description'>;

// A fresh copy per delivery, so a node that mutated its input could not pass by comparing an object to itself.
function copyOf<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

async function deliver(delivery: Delivery): Promise<{
	result: IWebhookResponseData;
	response: RecordedResponse;
	logs: LogEntry[];
}> {
	const { context, response, logs } = createWebhookContext({ description, ...delivery });
	const result = await trigger.webhook.call(context);
	return { result, response, logs };
}

const withSecret: Delivery = {
	parameters: { authentication: 'webhookSecret' },
	credentials: {
		osviApi: {
			apiToken: 'token',
			baseUrl: 'https://api.osvi.ai',
			webhookSecret: SECRET,
		},
	},
	body: copyOf(perCallPayload),
};

function started(payload: IDataObject): IWebhookResponseData {
	return {
		webhookResponse: { received: true },
		workflowData: [[{ json: payload }]],
	};
}

const NOTHING_WRITTEN: RecordedResponse = { headers: {}, ended: false };

function refused(statusCode: number, error: string): RecordedResponse {
	return {
		statusCode,
		headers: { 'Content-Type': 'application/json; charset=utf-8' },
		body: JSON.stringify({ received: false, error }),
		ended: true,
	};
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The query n8n hands the trigger for a URL that Initiate signed at `signedAtMs`. */
function signedQuery(signedAtMs: number, secret = SECRET): IDataObject {
	const signed = signWebhookUrl('https://n8n.example.com/webhook/abc/webhook', secret, signedAtMs);
	if (!signed.ok) throw new Error(signed.reason);
	return Object.fromEntries(new URL(signed.url).searchParams);
}

const MISSING_SECRET =
	'Missing webhook secret: send it in the X-Osvi-Secret header, as Authorization: Bearer <secret>, or as the query parameter secret';

describe('OsviTrigger description', () => {
	it('names the node as the contract fixes it', () => {
		expect({
			name: description.name,
			displayName: description.displayName,
			version: description.version,
			group: description.group,
			inputs: description.inputs,
			outputs: description.outputs,
			defaults: description.defaults,
			usableAsTool: description.usableAsTool,
		}).toEqual({
			name: 'osviTrigger',
			displayName: 'OSVI Trigger',
			version: 1,
			group: ['trigger'],
			inputs: [],
			outputs: ['main'],
			defaults: { name: 'OSVI Trigger' },
			usableAsTool: undefined,
		});
	});

	it('requires the osviApi credential only for webhook secret authentication', () => {
		expect(description.credentials).toEqual([
			{
				name: 'osviApi',
				required: true,
				displayOptions: { show: { authentication: ['webhookSecret'] } },
			},
		]);
	});

	it('declares one default webhook that answers as soon as a call is received', () => {
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: '={{$parameter["httpMethod"]}}',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
		]);
	});

	it('offers the parameters of the contract in order', () => {
		expect(description.properties.map(({ name, type }) => ({ name, type }))).toEqual([
			{ name: 'notice', type: 'notice' },
			{ name: 'httpMethod', type: 'options' },
			{ name: 'authentication', type: 'options' },
			{ name: 'callStatus', type: 'multiOptions' },
		]);
	});

	it('defaults to POST, no authentication and every call status', () => {
		expect(
			NodeHelpers.getNodeParameters(description.properties, {}, true, false, null, description),
		).toEqual({
			notice: '',
			httpMethod: 'POST',
			authentication: 'none',
			callStatus: [],
		});
	});

	it.each([
		['httpMethod', ['PATCH', 'POST', 'PUT']],
		['authentication', ['none', 'webhookSecret']],
		['callStatus', ['busy', 'failed', 'in_progress', 'not_picked', 'picked', 'voicemail']],
	])('offers exactly the contract values for %s', (parameterName, values) => {
		const property = description.properties.find(({ name }) => name === parameterName);
		const options = (property?.options ?? []) as Array<{ value: unknown }>;
		expect(options.map(({ value }) => value)).toEqual(values);
	});

	it('explains both ways to connect OSVI and which calls each reports', () => {
		const notice = description.properties[0].displayName;
		expect(notice).toContain('Post-Call Analysis → Integrations');
		expect(notice).toContain("this node's production URL");
		expect(notice).toContain('only answered calls that were analysed');
		expect(notice).toContain('every outcome');
		expect(notice).toContain('test URL');
	});

	it('writes its notice with only the tags n8n 2.x draws in a notice (links and lists)', () => {
		const notice = description.properties[0].displayName;
		const tags = [...notice.matchAll(/<\/?([a-z]+)/gi)].map(([, tag]) => tag.toLowerCase());
		expect(tags.filter((tag) => !['a', 'ul', 'li'].includes(tag))).toEqual([]);
		expect(tags.filter((tag) => tag === 'li')).toHaveLength(4);
	});

	it('recommends the header for agent integrations and the signed URL per call, and says where ?secret= goes', () => {
		const notice = description.properties[0].displayName;
		expect(notice).toContain(
			'add the header X-Osvi-Secret: &lt;secret&gt; there (prefer the header',
		);
		expect(notice).toContain(
			'turn on its Options → Sign Webhook URL: OSVI then gets the URL with a token that expires after 24 hours instead of the secret',
		);
		expect(notice).toContain(
			'(Appending ?secret=&lt;secret&gt; also works, but then the secret itself is sent to OSVI and kept in its call records.)',
		);
		const authentication = description.properties.find(({ name }) => name === 'authentication');
		expect(authentication?.description).toBe(
			'How to check that a delivery comes from OSVI. With Webhook Secret, prefer the X-Osvi-Secret header for agent integrations and a signed URL (Initiate call → Options → Sign Webhook URL) for per-call webhooks.',
		);
		expect(JSON.stringify(description)).not.toMatch(/never sent/i);
	});

	describe('webhook HTTP method', () => {
		const nodeTypes: INodeTypes = {
			getByName: () => trigger,
			getByNameAndVersion: () => trigger,
			getKnownTypes: () => ({}),
		};

		function resolvedMethod(parameters: INodeParameters): unknown {
			const node: INode = {
				id: 'e6f1c1f0-0000-4000-8000-000000000002',
				name: 'OSVI Trigger',
				type: 'n8n-nodes-osvi.osviTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters:
					NodeHelpers.getNodeParameters(
						description.properties,
						parameters,
						true,
						false,
						null,
						description,
					) ?? {},
			};
			const workflow = new Workflow({
				nodes: [node],
				connections: {},
				active: false,
				nodeTypes,
			});
			// n8n resolves the registered webhook's method this way when it activates the workflow.
			return workflow.expression.getSimpleParameterValue(
				node,
				description.webhooks?.[0].httpMethod,
				'webhook',
				{},
				undefined,
				'GET',
			);
		}

		it('is POST by default', () => {
			expect(resolvedMethod({})).toBe('POST');
		});

		it.each(['PUT', 'PATCH'])('follows the httpMethod parameter when it is %s', (method) => {
			expect(resolvedMethod({ httpMethod: method })).toBe(method);
		});
	});

	it('has nothing to register with OSVI', async () => {
		const { checkExists, create, delete: remove } = trigger.webhookMethods.default;
		await expect(Promise.all([checkExists(), create(), remove()])).resolves.toEqual([
			true,
			true,
			true,
		]);
	});

	it('satisfies the INodeType interface', () => {
		const asNodeType: INodeType = trigger;
		expect(asNodeType.description.webhooks).toHaveLength(1);
	});
});

describe('OsviTrigger webhook', () => {
	describe('payloads', () => {
		it('starts the workflow with the per-call payload exactly as received', async () => {
			const { result, response } = await deliver({
				body: copyOf(perCallPayload),
			});
			expect(result).toStrictEqual(started(perCallPayload));
			expect(response).toEqual(NOTHING_WRITTEN);
		});

		it('starts the workflow with the Post-Call Analysis payload exactly as received', async () => {
			const { result, response } = await deliver({
				body: copyOf(postCallAnalysisPayload),
			});
			expect(result).toStrictEqual(started(postCallAnalysisPayload));
			expect(response).toEqual(NOTHING_WRITTEN);
		});

		it('passes on unknown fields, nulls and a field named json without changing them', async () => {
			const body = {
				call_log_id: 'c1',
				call_status: 'picked',
				call_summary: null,
				json: { nested: true },
				recording_url: 'https://example.com/r.mp3',
			};
			const { result } = await deliver({ body: copyOf(body) });
			expect(result).toStrictEqual(started(body));
		});

		it('hands on the body object n8n parsed, not a copy of it', async () => {
			const body = copyOf(perCallPayload);
			const { result } = await deliver({ body });
			expect(result.workflowData?.[0][0].json).toBe(body);
		});

		it('starts the workflow for an object without call_status', async () => {
			const { result } = await deliver({ body: { call_log_id: 'c2' } });
			expect(result).toStrictEqual(started({ call_log_id: 'c2' }));
		});

		it.each([
			['an array', [perCallPayload], 'an array'],
			['a string', 'call_status=picked', 'a string'],
			['null', null, 'null'],
			['a missing body', undefined, 'missing'],
		])('answers 400 and starts nothing for %s', async (_label, body, described) => {
			const { result, response } = await deliver({ body });
			expect(result).toStrictEqual({ noWebhookResponse: true });
			expect(response).toEqual(
				refused(
					400,
					`The request body must be a JSON object sent as application/json, but it is ${described}`,
				),
			);
		});

		// OSVI documents no retries: a delivery turned away for a field's type would be lost.
		it.each([
			['a numeric call_status', { ...perCallPayload, call_status: 5 }],
			['an empty data_capture array', { ...postCallAnalysisPayload, data_capture: [] }],
			['a chat as an array of turns', { ...perCallPayload, chat: ['Agent: Hello', 'User: Hi'] }],
			[
				'a structured_output that is text',
				{ ...postCallAnalysisPayload, structured_output: 'n/a' },
			],
			['a null call_status', { ...perCallPayload, call_status: null }],
			['a call_log_id that is a number', { ...perCallPayload, call_log_id: 42 }],
		])('starts the workflow for a delivery with %s, exactly as received', async (_label, body) => {
			const { result, response } = await deliver({ body: copyOf(body) });
			expect(result).toStrictEqual(started(body));
			expect(response).toEqual(NOTHING_WRITTEN);
		});

		it.each(['PUT', 'PATCH'])('handles a delivery sent with %s like a POST', async (method) => {
			const { result } = await deliver({
				parameters: { httpMethod: method },
				method,
				body: copyOf(postCallAnalysisPayload),
			});
			expect(result).toStrictEqual(started(postCallAnalysisPayload));
		});
	});

	describe('authentication', () => {
		it('accepts any delivery when authentication is none, whatever secret it carries', async () => {
			const { result } = await deliver({
				headers: { 'x-osvi-secret': 'anything' },
				body: copyOf(perCallPayload),
			});
			expect(result).toStrictEqual(started(perCallPayload));
		});

		it('starts the workflow when the X-Osvi-Secret header holds the secret', async () => {
			const { result, response, logs } = await deliver({
				...withSecret,
				headers: { 'x-osvi-secret': SECRET },
			});
			expect(result).toStrictEqual(started(perCallPayload));
			expect(response).toEqual(NOTHING_WRITTEN);
			expect(logs).toEqual([]);
		});

		it('starts the workflow when a Bearer token holds the secret', async () => {
			const { result } = await deliver({
				...withSecret,
				headers: { authorization: `Bearer ${SECRET}` },
			});
			expect(result).toStrictEqual(started(perCallPayload));
		});

		it('starts the workflow for a URL that Initiate signed, which carries no secret', async () => {
			const query = signedQuery(Date.now());
			expect(JSON.stringify(query)).not.toContain(SECRET);
			const { result, response } = await deliver({ ...withSecret, query });
			expect(result).toStrictEqual(started(perCallPayload));
			expect(response).toEqual(NOTHING_WRITTEN);
		});

		it('starts the workflow for a signed URL near the end of its 24 hours', async () => {
			const { result } = await deliver({
				...withSecret,
				query: signedQuery(Date.now() - DAY_MS + 60_000),
			});
			expect(result).toStrictEqual(started(perCallPayload));
		});

		it('answers 403 saying so, and starts nothing, for a signed URL past its 24 hours', async () => {
			const { result, response } = await deliver({
				...withSecret,
				query: signedQuery(Date.now() - DAY_MS - 1000),
			});
			expect(result).toStrictEqual({ noWebhookResponse: true });
			expect(response).toEqual(
				refused(
					403,
					'The signed webhook URL has expired: a signed URL is valid for 24 hours after Initiate call signs it',
				),
			);
		});

		it.each([
			['signed with another secret', () => signedQuery(Date.now(), `${SECRET}-old`)],
			[
				'whose expiry was pushed back',
				() => {
					const query = signedQuery(Date.now() - DAY_MS - 1000);
					return { ...query, osvi_expires: String(Number(query.osvi_expires) + 3600) };
				},
			],
			['without its expiry', () => ({ osvi_signature: signedQuery(Date.now()).osvi_signature })],
		])('answers 403 and starts nothing for a URL %s', async (_label, query) => {
			const { result, response } = await deliver({ ...withSecret, query: query() });
			expect(result).toStrictEqual({ noWebhookResponse: true });
			expect(response).toEqual(
				refused(
					403,
					'The webhook URL signature does not match: its osvi_expires or osvi_signature was changed after signing, or it was signed with another Webhook Secret',
				),
			);
		});

		const REPEATED =
			'The webhook secret or URL signature was sent more than once in one header or query parameter: send each once';

		it.each([
			['repeated secret query values, one of them right', {}, { secret: ['guess', SECRET] }],
			[
				'repeated X-Osvi-Secret headers, as Node.js joins them',
				{ 'x-osvi-secret': `guess, ${SECRET}` },
				{},
			],
			['a Bearer token list', { authorization: `Bearer guess, Bearer ${SECRET}` }, {}],
			[
				'a repeated signature next to the right header secret',
				{ 'x-osvi-secret': SECRET },
				{ osvi_expires: '1', osvi_signature: ['a', 'b'] },
			],
		])('answers 403 and starts nothing for %s', async (_label, headers, query) => {
			const { result, response } = await deliver({ ...withSecret, headers, query });
			expect(result).toStrictEqual({ noWebhookResponse: true });
			expect(response).toEqual(refused(403, REPEATED));
		});

		it('starts the workflow when the secret query parameter holds the secret, leaving it out of the output', async () => {
			const { result } = await deliver({
				...withSecret,
				query: { secret: SECRET },
			});
			expect(result).toStrictEqual(started(perCallPayload));
			expect(JSON.stringify(result)).not.toContain(SECRET);
		});

		it('answers 401 and starts nothing when no secret is sent', async () => {
			const { result, response } = await deliver(withSecret);
			expect(result).toStrictEqual({ noWebhookResponse: true });
			expect(response).toEqual(refused(401, MISSING_SECRET));
		});

		it('answers 403 and starts nothing when the secret is wrong', async () => {
			const { result, response } = await deliver({
				...withSecret,
				headers: { 'x-osvi-secret': `${SECRET}x` },
			});
			expect(result).toStrictEqual({ noWebhookResponse: true });
			expect(response).toEqual(refused(403, 'The webhook secret does not match'));
			expect(response.body).not.toContain(SECRET);
		});

		it('answers 500 and starts nothing when the credential has no webhook secret', async () => {
			const { result, response } = await deliver({
				...withSecret,
				credentials: {
					osviApi: {
						apiToken: 'token',
						baseUrl: 'https://api.osvi.ai',
						webhookSecret: '',
					},
				},
				headers: { 'x-osvi-secret': SECRET },
			});
			expect(result).toStrictEqual({ noWebhookResponse: true });
			expect(response).toEqual(
				refused(
					500,
					'The OSVI Trigger is set to check a webhook secret, but found no Webhook Secret in its OSVI API credential',
				),
			);
		});

		it('answers 500, starts nothing and logs why when the credential cannot be read', async () => {
			const { result, response, logs } = await deliver({
				...withSecret,
				credentials: {},
				query: { secret: SECRET },
			});
			expect(result).toStrictEqual({ noWebhookResponse: true });
			expect(response).toEqual(
				refused(
					500,
					'The OSVI Trigger is set to check a webhook secret, but found no Webhook Secret in its OSVI API credential',
				),
			);
			expect(logs).toEqual([
				{
					level: 'warn',
					message: 'OSVI Trigger could not read its OSVI API credential',
					metadata: {
						error: 'Node "OSVI Trigger" does not have any credentials of type "osviApi" set',
					},
				},
			]);
		});

		it('checks the secret before the body, so strangers learn nothing about the payload', async () => {
			const { result, response } = await deliver({
				...withSecret,
				body: ['not', 'an', 'object'],
			});
			expect(result).toStrictEqual({ noWebhookResponse: true });
			expect(response).toEqual(refused(401, MISSING_SECRET));
		});
	});

	describe('call status filter', () => {
		it('acknowledges a call whose status is not selected and starts nothing', async () => {
			const { result, response } = await deliver({
				parameters: { callStatus: ['picked'] },
				body: { ...perCallPayload, call_status: 'busy' },
			});
			expect(result).toStrictEqual({
				webhookResponse: { received: true, workflowStarted: false },
			});
			expect(response).toEqual(NOTHING_WRITTEN);
		});

		it('starts the workflow for a call whose status is selected', async () => {
			const body = { ...perCallPayload, call_status: 'not_picked' };
			const { result } = await deliver({
				parameters: { callStatus: ['busy', 'not_picked'] },
				body,
			});
			expect(result).toStrictEqual(started(body));
		});

		it('starts the workflow for every status when none is selected', async () => {
			const body = { ...perCallPayload, call_status: 'failed' };
			const { result } = await deliver({
				parameters: { callStatus: [] },
				body,
			});
			expect(result).toStrictEqual(started(body));
		});

		it('compares a numeric call status as text', async () => {
			const body = { ...perCallPayload, call_status: 5 };
			expect(
				(await deliver({ parameters: { callStatus: ['5'] }, body: copyOf(body) })).result,
			).toStrictEqual(started(body));
			expect(
				(await deliver({ parameters: { callStatus: ['picked'] }, body: copyOf(body) })).result,
			).toStrictEqual({ webhookResponse: { received: true, workflowStarted: false } });
		});

		it('starts the workflow for a null call status when no status is selected', async () => {
			const body = { ...perCallPayload, call_status: null };
			const { result } = await deliver({ parameters: { callStatus: [] }, body: copyOf(body) });
			expect(result).toStrictEqual(started(body));
		});

		it.each([
			['null', null],
			['an empty text', ''],
			['an array', ['picked']],
		])('ignores a call whose status is %s when statuses are selected', async (_label, status) => {
			const { result } = await deliver({
				parameters: { callStatus: ['picked'] },
				body: { ...perCallPayload, call_status: status },
			});
			expect(result).toStrictEqual({
				webhookResponse: { received: true, workflowStarted: false },
			});
		});

		it('ignores a call without a status when statuses are selected', async () => {
			const { result } = await deliver({
				parameters: { callStatus: ['picked'] },
				body: { call_log_id: 'c3' },
			});
			expect(result).toStrictEqual({
				webhookResponse: { received: true, workflowStarted: false },
			});
		});

		it('filters only deliveries that passed the secret check', async () => {
			const { result, response } = await deliver({
				...withSecret,
				parameters: { authentication: 'webhookSecret', callStatus: ['picked'] },
				headers: { 'x-osvi-secret': 'wrong' },
				body: { ...perCallPayload, call_status: 'busy' },
			});
			expect(result).toStrictEqual({ noWebhookResponse: true });
			expect(response.statusCode).toBe(403);
		});
	});
});
