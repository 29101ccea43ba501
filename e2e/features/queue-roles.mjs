// @ts-check
// Queue mode only: which process does what. Main publishes the OSVI Trigger but serves no production webhook;
// the webhook processor answers deliveries (our trigger's code runs there) and queues their executions; the worker
// runs every execution, Initiate's and List's included.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { assertSucceeded, nodeItems, nodeJson, webhookOf } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import {
	ACCEPTED,
	API_TOKEN,
	FILTERED_OUT,
	OSVI_NODE,
	TRIGGER_NODE,
	WEBHOOK_SECRET,
	WRONG_SECRET,
	WRONG_WEBHOOK_SECRET,
	activeAgentId,
	callLogId,
	osviWorkflow,
	perCallPayload,
	placeCallsWorkflow,
	triggerWorkflow,
	withSecret,
} from '../fixtures.mjs';
import { ranOnWorker, whereExecutionsRan } from '../queue.mjs';

/** @typedef {import('../../scripts/lib/index.mjs').StoredWorkflow} StoredWorkflow */

export default defineFeature(
	'queue mode: main, webhook processor and worker each do their part',
	(feature) => {
		const workflows = /** @type {Record<'trigger' | 'placeCalls' | 'list', StoredWorkflow>} */ ({});

		before(async () => {
			const n8n = feature.n8n;
			const credential = await feature.osviCredential();
			workflows.trigger = await n8n.addWorkflow(
				triggerWorkflow(
					'e2e queue: trigger with secret and status filter',
					{ authentication: 'webhookSecret', callStatus: ['picked', 'busy'] },
					credential,
				),
				{ activate: true },
			);
			workflows.placeCalls = await n8n.addWorkflow(
				placeCallsWorkflow('e2e queue: place calls from a list', activeAgentId(feature.sandbox), credential),
				{ activate: true },
			);
			workflows.list = await n8n.addWorkflow(
				osviWorkflow(
					'e2e queue: list every call',
					{ resource: 'call', operation: 'list', returnAll: true, filters: {}, options: {} },
					credential,
				),
				{ activate: true },
			);
		});

		feature.test(
			'the OSVI Trigger published on main takes deliveries on the webhook processor only, and the worker runs them',
			async () => {
				const n8n = feature.n8n;
				const queue = n8n.queue;
				assert.ok(queue, 'this feature runs in queue mode');
				const path = webhookOf(workflows.trigger.json, TRIGGER_NODE).path;
				const routedBefore = queue.routed();

				const cases = [
					{ body: perCallPayload(callLogId(1)), secret: WEBHOOK_SECRET, answer: ACCEPTED, status: 200 },
					{ body: perCallPayload(callLogId(2), 'busy'), secret: WEBHOOK_SECRET, answer: ACCEPTED, status: 200 },
					{ body: perCallPayload(callLogId(3), 'voicemail'), secret: WEBHOOK_SECRET, answer: FILTERED_OUT, status: 200 },
					{ body: perCallPayload(callLogId(4)), secret: WRONG_WEBHOOK_SECRET, answer: WRONG_SECRET, status: 403 },
				];
				const answers = [];
				for (const { body, secret } of cases) {
					const response = await n8n.webhook(path, { body, ...withSecret('header', secret) });
					answers.push({ status: response.status, answer: response.json ?? response.text });
				}
				assert.deepEqual(
					answers,
					cases.map(({ status, answer }) => ({ status, answer })),
				);
				const routed = queue.routed();
				assert.equal(routed.webhook - routedBefore.webhook, cases.length, 'the load balancer sends deliveries to the webhook processor');

				// Main itself serves no production webhook (N8N_DISABLE_PRODUCTION_MAIN_PROCESS): without the load
				// balancer, a delivery sent to main is not found, while the webhook processor takes it.
				const toMain = await n8n.request('POST', `/webhook/${path}`, {
					body: perCallPayload(callLogId(5)),
					headers: { 'X-Osvi-Secret': WEBHOOK_SECRET },
					baseUrl: queue.directUrls.main,
				});
				assert.equal(toMain.status, 404, `main answered a delivery: ${toMain.status} ${toMain.text.slice(0, 200)}`);
				const toWebhookProcessor = await n8n.request('POST', `/webhook/${path}`, {
					body: perCallPayload(callLogId(6)),
					headers: { 'X-Osvi-Secret': WEBHOOK_SECRET },
					baseUrl: queue.directUrls.webhook,
				});
				assert.deepEqual(
					{ status: toWebhookProcessor.status, answer: toWebhookProcessor.json },
					{ status: 200, answer: ACCEPTED },
				);

				const executions = await n8n.settledExecutions(workflows.trigger.id, 3);
				assert.deepEqual(
					executions.map((execution) => ({ mode: execution.mode, status: execution.status, output: nodeJson(execution, TRIGGER_NODE) })),
					[cases[0].body, cases[1].body, perCallPayload(callLogId(6))].map((body) => ({
						mode: 'webhook',
						status: 'success',
						output: [body],
					})),
				);
				assert.deepEqual(
					whereExecutionsRan(n8n, executions.map((execution) => execution.id)),
					executions.map((execution) => ranOnWorker(execution.id)),
				);
			},
		);

		feature.test('Initiate and List run on the worker, with the same requests and results as on one n8n', async () => {
			const n8n = feature.n8n;
			const placed = await n8n.run(workflows.placeCalls);
			assertSucceeded(placed);
			const calls = feature.sandbox.requests().map(({ method, path, headers, body }) => ({
				method,
				path,
				token: headers['api-token'],
				phone: /** @type {{ phone_number?: string }} */ (body).phone_number,
			}));
			assert.deepEqual(
				calls.sort((a, b) => String(a.phone).localeCompare(String(b.phone))),
				['4155550100', '9876543210'].map((phone) => ({ method: 'POST', path: '/call', token: API_TOKEN, phone })),
			);
			assert.deepEqual(
				nodeItems(placed, OSVI_NODE).map((item) => Object.keys(item.json)),
				[['call_id', 'phone_number', 'country_code'], ['call_id', 'phone_number', 'country_code'], ['error', 'description']],
			);

			const expectedCalls = feature.sandbox.snapshot().calls.map((call) => call.call_id);
			const listed = await n8n.run(workflows.list);
			assertSucceeded(listed);
			assert.deepEqual(
				nodeJson(listed, OSVI_NODE).map((call) => call.call_id),
				expectedCalls,
			);

			assert.deepEqual(whereExecutionsRan(n8n, [placed.id, listed.id]), [ranOnWorker(placed.id), ranOnWorker(listed.id)]);
		});
	},
	{ topologies: ['queue'] },
);
