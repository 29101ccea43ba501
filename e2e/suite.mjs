// @ts-check
// The end-to-end suite: a real n8n (2.x or 1.x) with n8n-nodes-osvi installed from its packed tarball, driven
// through n8n's CLI, its production webhooks and its APIs, against the OSVI sandbox on loopback. One n8n instance
// serves every test of a file; the tests run in order and later ones rely on the executions earlier ones made.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { log } from '../scripts/lib/cache.mjs';
import {
	API_TOKEN,
	SANDBOX_CREDENTIAL,
	WEBHOOK_SECRET,
	WRONG_API_TOKEN,
	WRONG_TOKEN_CREDENTIAL,
	WRONG_WEBHOOK_SECRET,
	allExecutions,
	assertExecuted,
	mapPool,
	nodeItems,
	prepareEnvironment,
	settledExecutions,
	storedExecutionData,
	withServerLog,
} from './support.mjs';
import {
	OSVI_NODE,
	TRIGGER_NODE,
	WEBHOOK_IDS,
	example,
	osviWorkflow,
	placeCallsWorkflow,
	triggerPath,
	triggerWorkflow,
} from './workflows.mjs';

/** The fields of one call in `GET /v1/calls`, as OSVI documents them. */
const LIST_FIELDS = [
	'call_id',
	'agent_uuid',
	'agent_name',
	'phone_number',
	'from_number',
	'status',
	'call_type',
	'duration_seconds',
	'call_ended_by',
	'call_ended_reason',
	'campaign_id',
	'campaign_upload_id',
	'tag',
	'created_at',
	'call_picked_at',
];

const ACCEPTED = { received: true };
const FILTERED_OUT = { received: true, workflowStarted: false };
const MISSING_SECRET = {
	received: false,
	error:
		'Missing webhook secret: send it in the X-Osvi-Secret header, as Authorization: Bearer <secret>, or as the query parameter secret',
};
const WRONG_SECRET = { received: false, error: 'The webhook secret does not match' };
const UNCONFIGURED_SECRET = {
	received: false,
	error:
		'The OSVI Trigger is set to check a webhook secret, but found no Webhook Secret in its OSVI API credential',
};
/** @param {string} what */
const notAnObject = (what) => ({
	received: false,
	error: `The request body must be a JSON object sent as application/json, but it is ${what}`,
});

/**
 * OSVI's per-call `webhook_url` payload.
 * @param {string} callLogId
 * @param {string} [callStatus]
 */
function perCallPayload(callLogId, callStatus = 'picked') {
	return {
		call_log_id: callLogId,
		agent_uuid: 'agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og',
		agent_name: 'Appointment Reminder',
		phone_number: '+919876543210',
		chat: 'Agent: Hello, this is a reminder…\nUser: Yes, I will be there.',
		call_status: callStatus,
		executionMode: 'prod',
	};
}

/**
 * OSVI's dashboard "Post-Call Analysis" integration payload.
 * @param {string} callLogId
 */
function postCallAnalysisPayload(callLogId) {
	return {
		call_log_id: callLogId,
		phone_number: '+14155550100',
		agent_name: 'agent_IsZ3Q6Sf_60Eh26XQMGbz-R_og',
		call_status: 'not_picked',
		call_type: 'outbound',
		call_summary: 'The customer did not answer.',
		data_capture: { appointment_confirmed: false },
		structured_output: { intent: null, attempts: [1, 2] },
		call_trigger_data: { person_name: 'John Doe', crm_id: 'lead_42' },
	};
}

/** @param {number} n */
const callLogId = (n) => `8de63236-e013-42dd-9d99-${String(n).padStart(12, '0')}`;

/**
 * The three ways a delivery can carry the secret.
 * @param {'header' | 'bearer' | 'query'} carrier
 * @param {string} secret
 * @returns {{ headers?: Record<string, string>, query?: Record<string, string> }}
 */
function withSecret(carrier, secret) {
	if (carrier === 'header') return { headers: { 'X-Osvi-Secret': secret } };
	if (carrier === 'bearer') return { headers: { Authorization: `Bearer ${secret}` } };
	return { query: { secret } };
}

/**
 * Every place in a JSON value where `needle` occurs in a string or a key, as paths.
 * @param {unknown} value
 * @param {string} needle
 * @param {string} [path]
 * @returns {string[]}
 */
function occurrences(value, needle, path = '$') {
	if (typeof value === 'string') return value.includes(needle) ? [path] : [];
	if (Array.isArray(value))
		return value.flatMap((item, i) => occurrences(item, needle, `${path}[${i}]`));
	if (value && typeof value === 'object') {
		return Object.entries(value).flatMap(([key, item]) => [
			...(key.includes(needle) ? [`${path} (a key)`] : []),
			...occurrences(item, needle, `${path}.${key}`),
		]);
	}
	return [];
}

/**
 * Registers the suite for one n8n major version.
 * @param {1 | 2} major
 */
export function defineSuite(major) {
	describe(`n8n ${major}.x with n8n-nodes-osvi installed from its packed tarball`, () => {
		/** @type {import('./support.mjs').E2eEnvironment | undefined} */
		let environment;
		/** @type {Record<string, string>} */
		const workflowIds = {};
		let agentId = '';
		let roundTripWebhookUrl = '';

		const instance = () => {
			assert.ok(environment, 'the set-up failed (see the error of the "before" hook)');
			return environment.instance;
		};
		const sandbox = () => {
			assert.ok(environment, 'the set-up failed (see the error of the "before" hook)');
			return environment.sandbox;
		};
		/**
		 * @param {string} name
		 * @param {() => Promise<void>} body
		 * @param {number} [timeoutMs]
		 */
		const e2eTest = (name, body, timeoutMs = 120_000) =>
			test(name, { timeout: timeoutMs }, () => withServerLog(() => environment?.instance, body));

		before(
			async () => {
				environment = await prepareEnvironment(major);
				const { instance: n8n, sandbox: osvi } = environment;
				const agent = osvi.snapshot().agents.find((candidate) => !candidate.archived);
				assert.ok(agent, 'the sandbox has no active agent');
				agentId = agent.agent_id;
				roundTripWebhookUrl = `${n8n.baseUrl}/webhook/${triggerPath(WEBHOOK_IDS.example)}?secret=${WEBHOOK_SECRET}`;

				await n8n.importCredentials([
					{
						...SANDBOX_CREDENTIAL,
						type: 'osviApi',
						// The trailing slash is how people paste URLs; it must not break any request.
						data: { apiToken: API_TOKEN, baseUrl: `${osvi.url}/`, webhookSecret: WEBHOOK_SECRET },
					},
					{
						...WRONG_TOKEN_CREDENTIAL,
						type: 'osviApi',
						data: { apiToken: WRONG_API_TOKEN, baseUrl: osvi.url, webhookSecret: '' },
					},
				]);
				const initiate = {
					resource: 'call',
					operation: 'initiate',
					agentId: { __rl: true, mode: 'id', value: agentId },
					phoneNumber: '+91 98765 43210',
					countryCode: 'IN',
					options: {},
				};
				const workflows = {
					placeCalls: placeCallsWorkflow(agentId),
					reactToCalls: example('react-to-finished-calls'),
					listAll: osviWorkflow('e2e: list every call', {
						resource: 'call',
						operation: 'list',
						returnAll: true,
						filters: {},
						options: {},
					}),
					listFiltered: osviWorkflow(
						'e2e: list calls with filters',
						{
							resource: 'call',
							operation: 'list',
							returnAll: false,
							limit: 20,
							filters: {
								status: ['picked', 'voicemail'],
								agentId,
								callType: 'outbound',
								startDate: '2026-05-15',
								endDate: '2026-06-20T18:00:00',
							},
							options: {},
						},
						// The date picker's time has no offset: the node must read it in the workflow's timezone.
						{ settings: { timezone: 'Asia/Kolkata' } },
					),
					roundTrip: osviWorkflow('e2e: place a call that reports to the trigger', {
						...initiate,
						additionalFields: { personName: 'Asha Rao', webhookUrl: roundTripWebhookUrl },
					}),
					wrongToken: osviWorkflow(
						'e2e: place a call with a wrong API token',
						{ ...initiate, additionalFields: {} },
						{ credential: WRONG_TOKEN_CREDENTIAL },
					),
					deliveries: triggerWorkflow(
						'e2e: trigger with secret and status filter',
						WEBHOOK_IDS.deliveries,
						{
							authentication: 'webhookSecret',
							callStatus: ['picked', 'not_picked', 'busy', 'failed'],
						},
					),
					noAuthentication: triggerWorkflow(
						'e2e: trigger without authentication',
						WEBHOOK_IDS.noAuthentication,
						{ authentication: 'none' },
					),
					load: triggerWorkflow('e2e: trigger under load', WEBHOOK_IDS.load, {
						authentication: 'webhookSecret',
					}),
					unconfiguredSecret: triggerWorkflow(
						'e2e: trigger whose credential has no secret',
						WEBHOOK_IDS.unconfiguredSecret,
						{ authentication: 'webhookSecret' },
						{ credential: WRONG_TOKEN_CREDENTIAL },
					),
					put: triggerWorkflow('e2e: trigger listening for PUT', WEBHOOK_IDS.put, {
						authentication: 'none',
						httpMethod: 'PUT',
					}),
				};
				const names = Object.keys(workflows);
				const ids = await n8n.importWorkflows(Object.values(workflows));
				names.forEach((name, index) => (workflowIds[name] = ids[index]));

				await n8n.start();
				// Published through the public API of the running server (a CLI command per workflow costs seconds).
				for (const name of [
					'deliveries',
					'noAuthentication',
					'load',
					'unconfiguredSecret',
					'put',
					'reactToCalls',
				]) {
					await n8n.publish(workflowIds[name]);
				}
				for (const webhookId of Object.values(WEBHOOK_IDS)) {
					const method = webhookId === WEBHOOK_IDS.put ? 'PUT' : 'POST';
					await n8n.waitForWebhook(triggerPath(webhookId), { method });
				}
				log(`n8n ${n8n.version} ready with ${ids.length} workflows`);
			},
			{ timeout: 20 * 60_000 },
		);

		after(async () => await environment?.dispose(), { timeout: 60_000 });

		beforeEach(() => environment?.sandbox.reset());

		e2eTest('lists the OSVI node, the OSVI Trigger and the OSVI API credential', async () => {
			const nodeTypes = (await instance().nodeTypes())
				.filter((type) => type.name.startsWith('n8n-nodes-osvi.'))
				.map(({ name, displayName, version }) => ({ name, displayName, version }))
				.sort((a, b) => a.name.localeCompare(b.name));
			assert.deepEqual(nodeTypes, [
				{ name: 'n8n-nodes-osvi.osvi', displayName: 'OSVI', version: 1 },
				// n8n derives an AI-agent tool from every node marked usableAsTool.
				{ name: 'n8n-nodes-osvi.osviTool', displayName: 'OSVI Tool', version: 1 },
				{ name: 'n8n-nodes-osvi.osviTrigger', displayName: 'OSVI Trigger', version: 1 },
			]);

			const credentialTypes = (await instance().credentialTypes())
				.filter((type) => type.name === 'osviApi')
				.map(({ name, displayName, properties }) => ({
					name,
					displayName,
					properties: properties.map((/** @type {{ name: string }} */ property) => property.name),
				}));
			assert.deepEqual(credentialTypes, [
				{
					name: 'osviApi',
					displayName: 'OSVI API',
					// n8n adds its own domain restriction fields to every credential type.
					properties: [
						'apiToken',
						'baseUrl',
						'webhookSecret',
						'allowedHttpRequestDomains',
						'allowedDomains',
					],
				},
			]);
		});

		e2eTest(
			'passes the credential test with the sandbox token and fails it clearly with a wrong one',
			async () => {
				const good = await instance().testCredential(SANDBOX_CREDENTIAL.id);
				assert.deepEqual(
					{ status: good.status, message: good.message },
					{ status: 'OK', message: 'Connection successful!' },
				);
				const bad = await instance().testCredential(WRONG_TOKEN_CREDENTIAL.id);
				assert.deepEqual(
					{ status: bad.status, message: bad.message },
					// n8n 1.x words a 401 itself, before it looks at the credential's rules; 2.x applies them.
					{
						status: 'Error',
						message:
							major === 1
								? 'Authorization failed - please check your credentials'
								: 'OSVI did not accept the API token. Copy it again from the OSVI dashboard under Settings → API.',
					},
				);
				assert.ok(!bad.message.includes(WRONG_API_TOKEN));
				assert.deepEqual(
					sandbox()
						.requests()
						.map(({ method, path, query, headers }) => ({
							method,
							path,
							query,
							token: headers['api-token'],
						})),
					[
						{ method: 'GET', path: '/v1/active_agents', query: {}, token: API_TOKEN },
						// n8n (1.x and 2.x alike) sends the request of a failing credential test twice, identically.
						...Array(2).fill({
							method: 'GET',
							path: '/v1/active_agents',
							query: {},
							token: WRONG_API_TOKEN,
						}),
					],
				);
			},
		);

		e2eTest(
			'places two calls from a list of three and turns the invalid row into an error item',
			async () => {
				const result = await instance().execute(workflowIds.placeCalls);
				assertExecuted(result);

				// They run side by side, so they arrive in either order.
				const requests = sandbox()
					.requests()
					.map(({ method, path, query, headers, body }) => ({
						method,
						path,
						query,
						token: headers['api-token'],
						contentType: headers['content-type'],
						body: /** @type {Record<string, unknown>} */ (body),
					}))
					.sort((a, b) => String(a.body.phone_number).localeCompare(String(b.body.phone_number)));
				const post = (/** @type {Record<string, unknown>} */ body) => ({
					method: 'POST',
					path: '/call',
					query: {},
					token: API_TOKEN,
					contentType: 'application/json',
					body,
				});
				assert.deepEqual(requests, [
					post({
						agent_uuid: agentId,
						phone_number: '4155550100',
						country_code: 'US',
						person_name: 'John Doe',
						additional_data: { appointment: '2026-06-15 11:30' },
					}),
					post({
						agent_uuid: agentId,
						phone_number: '9876543210',
						country_code: 'IN',
						person_name: 'Asha Rao',
						additional_data: { appointment: '2026-06-15 10:00' },
					}),
				]);

				// The sandbox lists placed calls first; they run side by side, so match them by number, not by order.
				const placed = sandbox().snapshot().calls.slice(0, 2);
				const callIdOf = (/** @type {string} */ e164) => {
					const call = placed.find((candidate) => candidate.phone_number === e164);
					assert.ok(
						call,
						`no placed call to ${e164} among the sandbox's newest: ${placed.map((c) => c.phone_number).join(', ')}`,
					);
					return call.call_id;
				};
				assert.deepEqual(nodeItems(result.run, OSVI_NODE), [
					{
						json: {
							call_id: callIdOf('+919876543210'),
							phone_number: '9876543210',
							country_code: 'IN',
						},
						pairedItem: { item: 0 },
					},
					{
						json: {
							call_id: callIdOf('+14155550100'),
							phone_number: '4155550100',
							country_code: 'US',
						},
						pairedItem: { item: 1 },
					},
					{
						json: {
							error:
								'Invalid Phone Number in item 2: The phone number contains "x". Use only digits, spaces, dashes, dots and brackets, with + or 00 before a country code, e.g. +91 98765 43210.',
							description:
								'Nothing was sent to OSVI for item 2. Correct the Phone Number field and run the node again.',
						},
						pairedItem: { item: 2 },
					},
				]);
			},
		);

		e2eTest(
			'lists every call with Return All, in the sandbox’s order, over pages 1 to 3 of 100',
			async () => {
				const expected = sandbox()
					.snapshot()
					.calls.map((call) => {
						const detail = Object.fromEntries(Object.entries(call));
						return Object.fromEntries(LIST_FIELDS.map((field) => [field, detail[field]]));
					});
				assert.equal(expected.length, 300, 'the sandbox should hold its 300 seeded calls');

				const result = await instance().execute(workflowIds.listAll);
				assertExecuted(result);
				const items = nodeItems(result.run, OSVI_NODE);
				assert.deepEqual(
					items.map((item) => item.json),
					expected,
				);
				assert.ok(items.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}'));

				// Page 1 reveals the page count; pages 2 and 3 then load side by side, in either order.
				const pages = sandbox()
					.requests()
					.map(({ method, path, query, headers }) => ({
						method,
						path,
						query,
						token: headers['api-token'],
					}));
				const page = (/** @type {number} */ n) => ({
					method: 'GET',
					path: '/v1/calls',
					query: { page: String(n), per_page: '100' },
					token: API_TOKEN,
				});
				assert.deepEqual(pages[0], page(1));
				assert.deepEqual(
					pages.slice(1).sort((a, b) => a.query.page.localeCompare(b.query.page)),
					[page(2), page(3)],
				);
			},
		);

		e2eTest(
			'lists calls with filters: sends the exact query and returns what the sandbox answers to it',
			async () => {
				const result = await instance().execute(workflowIds.listFiltered);
				assertExecuted(result);

				const requests = sandbox().requests();
				const expectedQuery = {
					status: 'picked,voicemail',
					agent_uuid: agentId,
					call_type: 'outbound',
					start_date: '2026-05-15',
					end_date: '2026-06-20T18:00:00+05:30',
					page: '1',
					per_page: '20',
				};
				assert.deepEqual(
					requests.map(({ method, path, query, headers }) => ({
						method,
						path,
						query,
						token: headers['api-token'],
					})),
					[{ method: 'GET', path: '/v1/calls', query: expectedQuery, token: API_TOKEN }],
				);

				const answer = await fetch(
					`${sandbox().url}/v1/calls?${new URLSearchParams(expectedQuery)}`,
					{
						headers: { 'API-Token': API_TOKEN },
					},
				).then((response) => response.json());
				assert.equal(
					answer.data.length,
					20,
					`the filters should match more than 20 calls: ${JSON.stringify(answer.meta)}`,
				);
				assert.deepEqual(
					nodeItems(result.run, OSVI_NODE).map((item) => item.json),
					answer.data,
				);
			},
		);

		e2eTest(
			'answers every kind of delivery exactly and starts one execution per accepted call',
			async () => {
				const n8n = instance();
				const deliveries = triggerPath(WEBHOOK_IDS.deliveries);
				const noAuthentication = triggerPath(WEBHOOK_IDS.noAuthentication);
				const unconfiguredSecret = triggerPath(WEBHOOK_IDS.unconfiguredSecret);
				const put = triggerPath(WEBHOOK_IDS.put);
				/** @type {Array<{ what: string, path: string, method?: string, body: unknown, headers?: Record<string, string>, query?: Record<string, string>, status: number, answer: unknown }>} */
				const cases = [
					{
						what: 'per-call payload, secret in X-Osvi-Secret',
						path: deliveries,
						body: perCallPayload(callLogId(1)),
						...withSecret('header', WEBHOOK_SECRET),
						status: 200,
						answer: ACCEPTED,
					},
					{
						what: 'post-call analysis payload, Bearer secret',
						path: deliveries,
						body: postCallAnalysisPayload(callLogId(2)),
						...withSecret('bearer', WEBHOOK_SECRET),
						status: 200,
						answer: ACCEPTED,
					},
					{
						what: 'per-call payload, secret in the query',
						path: deliveries,
						body: perCallPayload(callLogId(3), 'busy'),
						...withSecret('query', WEBHOOK_SECRET),
						status: 200,
						answer: ACCEPTED,
					},
					{
						what: 'no secret',
						path: deliveries,
						body: perCallPayload(callLogId(4)),
						status: 401,
						answer: MISSING_SECRET,
					},
					{
						what: 'wrong secret in X-Osvi-Secret',
						path: deliveries,
						body: perCallPayload(callLogId(5)),
						...withSecret('header', WRONG_WEBHOOK_SECRET),
						status: 403,
						answer: WRONG_SECRET,
					},
					{
						what: 'wrong Bearer secret',
						path: deliveries,
						body: perCallPayload(callLogId(6)),
						...withSecret('bearer', WRONG_WEBHOOK_SECRET),
						status: 403,
						answer: WRONG_SECRET,
					},
					{
						what: 'a call status the trigger filters out',
						path: deliveries,
						body: perCallPayload(callLogId(7), 'voicemail'),
						...withSecret('header', WEBHOOK_SECRET),
						status: 200,
						answer: FILTERED_OUT,
					},
					{
						what: 'a text body',
						path: deliveries,
						body: 'the call ended',
						headers: { 'X-Osvi-Secret': WEBHOOK_SECRET, 'Content-Type': 'text/plain' },
						status: 400,
						answer: notAnObject('a string'),
					},
					{
						what: 'a JSON array',
						path: deliveries,
						body: [perCallPayload(callLogId(8))],
						...withSecret('header', WEBHOOK_SECRET),
						status: 400,
						answer: notAnObject('an array'),
					},
					{
						what: 'per-call payload, no authentication configured',
						path: noAuthentication,
						body: perCallPayload(callLogId(9), 'failed'),
						status: 200,
						answer: ACCEPTED,
					},
					{
						what: 'post-call analysis payload, no authentication configured',
						path: noAuthentication,
						body: postCallAnalysisPayload(callLogId(10)),
						status: 200,
						answer: ACCEPTED,
					},
					{
						what: 'a trigger whose credential has no secret',
						path: unconfiguredSecret,
						body: perCallPayload(callLogId(11)),
						...withSecret('header', WEBHOOK_SECRET),
						status: 500,
						answer: UNCONFIGURED_SECRET,
					},
					{
						what: 'PUT to a trigger set to PUT',
						path: put,
						method: 'PUT',
						body: postCallAnalysisPayload(callLogId(12)),
						status: 200,
						answer: ACCEPTED,
					},
				];

				const answers = [];
				for (const { what, path, method, body, headers, query } of cases) {
					const response = await n8n.webhook(path, { method, body, headers, query });
					answers.push({
						what,
						status: response.status,
						contentType: response.headers.get('content-type')?.split(';')[0],
						answer: response.json ?? response.text,
					});
				}
				assert.deepEqual(
					answers,
					cases.map(({ what, status, answer }) => ({
						what,
						status,
						contentType: 'application/json',
						answer,
					})),
				);

				const accepted = await settledExecutions(n8n, workflowIds.deliveries, 3);
				assert.deepEqual(
					accepted.map((execution) => ({
						mode: execution.mode,
						status: execution.status,
						output: nodeItems(execution, TRIGGER_NODE).map((item) => item.json),
					})),
					cases
						.slice(0, 3)
						.map(({ body }) => ({ mode: 'webhook', status: 'success', output: [body] })),
				);
				const unauthenticated = await settledExecutions(n8n, workflowIds.noAuthentication, 2, {
					settleMs: 0,
				});
				assert.deepEqual(
					unauthenticated.map((execution) =>
						nodeItems(execution, TRIGGER_NODE).map((item) => item.json),
					),
					[[cases[9].body], [cases[10].body]],
				);
				const viaPut = await settledExecutions(n8n, workflowIds.put, 1, { settleMs: 0 });
				assert.deepEqual(
					nodeItems(viaPut[0], TRIGGER_NODE).map((item) => item.json),
					[cases[12].body],
				);
				await settledExecutions(n8n, workflowIds.unconfiguredSecret, 0, { settleMs: 0 });

				// The PUT trigger registered PUT only.
				const post = await n8n.webhook(put, { body: perCallPayload(callLogId(13)) });
				assert.equal(post.status, 404, `POST to the PUT trigger: ${post.status} ${post.text}`);
				await settledExecutions(n8n, workflowIds.put, 1, { settleMs: 500 });
			},
		);

		e2eTest(
			'closes the loop: a call placed with the trigger’s production URL starts the trigger with that call',
			async () => {
				const result = await instance().execute(workflowIds.roundTrip);
				assertExecuted(result);
				const [placed] = nodeItems(result.run, OSVI_NODE);
				const callId = placed?.json.call_id;
				assert.deepEqual(placed, {
					json: { call_id: callId, phone_number: '9876543210', country_code: 'IN' },
					pairedItem: { item: 0 },
				});
				assert.deepEqual(
					sandbox()
						.requests()
						.map(({ method, path, body }) => ({ method, path, body })),
					[
						{
							method: 'POST',
							path: '/call',
							body: {
								agent_uuid: agentId,
								phone_number: '9876543210',
								country_code: 'IN',
								person_name: 'Asha Rao',
								webhook_url: roundTripWebhookUrl,
							},
						},
					],
				);

				const [delivery] = await sandbox().waitForWebhookDeliveries(1, 20_000);
				assert.deepEqual(
					{ url: delivery.url, status: delivery.status, callLogId: delivery.payload.call_log_id },
					{ url: roundTripWebhookUrl, status: 200, callLogId: callId },
				);
				const [execution] = await settledExecutions(instance(), workflowIds.reactToCalls, 1);
				assert.equal(execution.status, 'success');
				assert.deepEqual(
					nodeItems(execution, TRIGGER_NODE).map((item) => item.json),
					[delivery.payload],
				);
				assert.deepEqual(
					nodeItems(execution, 'Outcome for the CRM').map((item) => item.json),
					[{ callId, phoneNumber: '+919876543210', answered: true, needsRetry: false }],
				);
			},
		);

		e2eTest(
			'takes 500 deliveries with the secret, 20 at a time, as exactly 500 executions, and 50 with a wrong one as none',
			async () => {
				const n8n = instance();
				const path = triggerPath(WEBHOOK_IDS.load);
				/** @type {Array<'header' | 'bearer' | 'query'>} */
				const carriers = ['header', 'bearer', 'query'];
				const payloads = Array.from({ length: 500 }, (_, i) => perCallPayload(callLogId(1000 + i)));
				const started = Date.now();
				const answers = await mapPool(payloads, 20, async (body, i) => {
					const response = await n8n.webhook(path, {
						body,
						...withSecret(carriers[i % 3], WEBHOOK_SECRET),
					});
					return `${response.status} ${response.text}`;
				});
				log(`500 deliveries answered in ${Date.now() - started} ms`);
				assert.deepEqual(
					answers.filter((answer) => answer !== '200 {"received":true}'),
					[],
					'every accepted delivery must be answered 200 {"received":true}',
				);

				const rejected = await mapPool(
					Array.from({ length: 50 }, (_, i) => i),
					20,
					async (i) => {
						const body = perCallPayload(callLogId(2000 + i));
						const response = await n8n.webhook(path, {
							body,
							...withSecret(carriers[i % 3], WRONG_WEBHOOK_SECRET),
						});
						return response.status;
					},
				);
				assert.deepEqual(rejected, Array(50).fill(403));

				const executions = await settledExecutions(n8n, workflowIds.load, 500, {
					timeoutMs: 180_000,
					settleMs: 1_500,
				});
				log(`500 executions finished ${Date.now() - started} ms after the first delivery`);
				assert.deepEqual(
					executions
						.filter((execution) => execution.status !== 'success')
						.map((execution) => execution.id),
					[],
				);
				const received = executions
					.map((execution) => nodeItems(execution, TRIGGER_NODE)[0]?.json.call_log_id)
					.sort();
				assert.deepEqual(received, payloads.map((payload) => payload.call_log_id).sort());
			},
			300_000,
		);

		e2eTest('stores neither the API token nor the webhook secret in any execution', async () => {
			const n8n = instance();
			// A run that OSVI answers 401 (wrong token), beside the successes and the rejected deliveries above.
			const failed = await n8n.execute(workflowIds.wrongToken);
			assert.equal(failed.ok, false, 'the workflow with a wrong token should fail');
			assert.equal(
				failed.errorMessage,
				'OSVI did not accept the API token: Invalid or missing API-Token — Check the API Token of the OSVI API credential. You find it in the OSVI dashboard under Settings → API.',
			);
			assert.deepEqual(
				sandbox()
					.requests()
					.map(({ path, headers }) => ({ path, token: headers['api-token'] })),
				[{ path: '/call', token: WRONG_API_TOKEN }],
			);

			// The one place a secret belongs: the Webhook URL the round-trip workflow was given by its author.
			let authoredUrls = 0;
			const withoutAuthoredUrl = (/** @type {any} */ workflowData) => {
				const copy = structuredClone(workflowData);
				for (const node of copy?.nodes ?? []) {
					const fields = node.parameters?.additionalFields;
					if (
						typeof fields?.webhookUrl === 'string' &&
						fields.webhookUrl.includes(WEBHOOK_SECRET)
					) {
						assert.equal(fields.webhookUrl, roundTripWebhookUrl);
						fields.webhookUrl = '(the Webhook URL its author wrote, with ?secret=…)';
						authoredUrls += 1;
					}
				}
				return copy;
			};
			const secrets = { API_TOKEN, WRONG_API_TOKEN, WEBHOOK_SECRET, WRONG_WEBHOOK_SECRET };
			/** @param {Record<string, unknown>} stored */
			const leaks = (stored) =>
				Object.entries(secrets).flatMap(([name, secret]) =>
					occurrences(stored, secret).map((path) => `${name} at ${path}`),
				);

			const executions = await allExecutions(n8n, { includeData: true });
			const statuses = executions.map((execution) => `${execution.workflowId} ${execution.status}`);
			assert.ok(
				statuses.includes(`${workflowIds.wrongToken} error`) &&
					statuses.includes(`${workflowIds.placeCalls} success`) &&
					statuses.includes(`${workflowIds.reactToCalls} success`),
				`the stored executions should include the failed run and the successful ones: ${[...new Set(statuses)].join(', ')}`,
			);
			assert.deepEqual(
				leaks(
					Object.fromEntries(
						executions.map((execution) => [
							execution.id,
							{ ...execution, workflowData: withoutAuthoredUrl(execution.workflowData) },
						]),
					),
				),
				[],
			);
			assert.equal(authoredUrls, 1, 'the round trip’s execution should hold its workflow');

			// What n8n wrote to its database, not only what its API shows.
			const rows = await storedExecutionData(n8n);
			assert.equal(
				rows.length,
				executions.length,
				'the database and the API should hold the same executions',
			);
			assert.deepEqual(
				leaks(
					Object.fromEntries(
						rows.map((row) => [
							row.executionId,
							{ data: row.data, workflowData: withoutAuthoredUrl(JSON.parse(row.workflowData)) },
						]),
					),
				),
				[],
			);
			assert.equal(authoredUrls, 2, 'the round trip’s execution row should hold its workflow');
		});
	});
}
