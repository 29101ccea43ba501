// @ts-check
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { nodeJson, webhookOf } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import {
	ACCEPTED,
	FILTERED_OUT,
	MISSING_SECRET,
	TRIGGER_NODE,
	UNCONFIGURED_SECRET,
	WEBHOOK_SECRET,
	WRONG_API_TOKEN,
	WRONG_SECRET,
	WRONG_WEBHOOK_SECRET,
	callLogId,
	notAnObject,
	perCallPayload,
	postCallAnalysisPayload,
	triggerWorkflow,
	withSecret,
} from '../fixtures.mjs';

/** @typedef {import('../../scripts/lib/index.mjs').StoredWorkflow} StoredWorkflow */

export default defineFeature('OSVI Trigger deliveries', (feature) => {
	const workflows = /** @type {Record<'deliveries' | 'noAuthentication' | 'unconfiguredSecret' | 'put', StoredWorkflow>} */ ({});

	before(async () => {
		const n8n = feature.n8n;
		const credential = await feature.osviCredential();
		const withoutSecret = await feature.osviCredential({ apiToken: WRONG_API_TOKEN, webhookSecret: '' });
		workflows.deliveries = await n8n.addWorkflow(
			triggerWorkflow(
				'e2e: trigger with secret and status filter',
				{ authentication: 'webhookSecret', callStatus: ['picked', 'not_picked', 'busy', 'failed'] },
				credential,
			),
			{ activate: true },
		);
		workflows.noAuthentication = await n8n.addWorkflow(
			triggerWorkflow('e2e: trigger without authentication', { authentication: 'none' }),
			{ activate: true },
		);
		workflows.unconfiguredSecret = await n8n.addWorkflow(
			triggerWorkflow(
				'e2e: trigger whose credential has no secret',
				{ authentication: 'webhookSecret' },
				withoutSecret,
			),
			{ activate: true },
		);
		workflows.put = await n8n.addWorkflow(
			triggerWorkflow('e2e: trigger listening for PUT', { authentication: 'none', httpMethod: 'PUT' }),
			{ activate: true },
		);
	});

	feature.test('answers every kind of delivery exactly and starts one execution per accepted call', async () => {
		const n8n = feature.n8n;
		const pathOf = (/** @type {StoredWorkflow} */ workflow) => webhookOf(workflow.json, TRIGGER_NODE).path;
		const deliveries = pathOf(workflows.deliveries);
		const noAuthentication = pathOf(workflows.noAuthentication);
		const unconfiguredSecret = pathOf(workflows.unconfiguredSecret);
		const put = pathOf(workflows.put);
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
			cases.map(({ what, status, answer }) => ({ what, status, contentType: 'application/json', answer })),
		);

		const accepted = await n8n.settledExecutions(workflows.deliveries.id, 3);
		assert.deepEqual(
			accepted.map((execution) => ({
				mode: execution.mode,
				status: execution.status,
				output: nodeJson(execution, TRIGGER_NODE),
			})),
			cases.slice(0, 3).map(({ body }) => ({ mode: 'webhook', status: 'success', output: [body] })),
		);
		const unauthenticated = await n8n.settledExecutions(workflows.noAuthentication.id, 2, { settleMs: 0 });
		assert.deepEqual(
			unauthenticated.map((execution) => nodeJson(execution, TRIGGER_NODE)),
			[[cases[9].body], [cases[10].body]],
		);
		const viaPut = await n8n.settledExecutions(workflows.put.id, 1, { settleMs: 0 });
		assert.deepEqual(nodeJson(viaPut[0], TRIGGER_NODE), [cases[12].body]);
		await n8n.settledExecutions(workflows.unconfiguredSecret.id, 0, { settleMs: 0 });

		// The PUT trigger registered PUT only.
		const post = await n8n.webhook(put, { body: perCallPayload(callLogId(13)) });
		assert.equal(post.status, 404, `POST to the PUT trigger: ${post.status} ${post.text}`);
		await n8n.settledExecutions(workflows.put.id, 1, { settleMs: 500 });
	});
});
