// @ts-check
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { executionError, nodeJson, osviNode, rowItems, runnableWorkflow, webhookOf } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import {
	ACCEPTED,
	FILTERED_OUT,
	OSVI_NODE,
	TRIGGER_NODE,
	WEBHOOK_SECRET,
	activeAgentId,
	callLogId,
	osviWorkflow,
	perCallPayload,
	postCallAnalysisPayload,
	triggerWorkflow,
	withSecret,
} from '../fixtures.mjs';

/** @typedef {import('../../scripts/lib/index.mjs').StoredWorkflow} StoredWorkflow */

const PHONES = ['98765 43210', '98765 43211', '98765 43212', '98765 43213', '98765 43214'];

// Safe with real phones against a misbehaving OSVI, in a real n8n (issue 8: defects 3, 5 and 7).
export default defineFeature('Safety against a misbehaving OSVI', (feature) => {
	const workflows =
		/** @type {Record<'paced' | 'redirected' | 'everyCall' | 'pickedOnly', StoredWorkflow>} */ ({});

	before(async () => {
		const n8n = feature.n8n;
		const { agents } = feature.sandbox.snapshot();
		const archived = agents.find((agent) => agent.archived);
		assert.ok(archived, 'the sandbox has no archived agent');
		const credential = await feature.osviCredential();
		// Row 0's agent is archived, so OSVI refuses that call (403) while the others would be placed.
		const rows = PHONES.map((phone, index) => ({
			phone,
			agent: index === 0 ? archived.agent_id : activeAgentId(feature.sandbox),
		}));
		workflows.paced = await n8n.addWorkflow(
			runnableWorkflow('e2e: paced calls after a failure', [
				...rowItems(rows),
				osviNode(
					OSVI_NODE,
					{
						resource: 'call',
						operation: 'initiate',
						agentId: { __rl: true, mode: 'id', value: '={{ $json.agent }}' },
						phoneNumber: '={{ $json.phone }}',
						countryCode: 'IN',
						options: { concurrency: 5, rateLimit: 2, rateLimitPeriod: 'second' },
					},
					credential,
				),
			]),
			{ activate: true },
		);
		workflows.redirected = await n8n.addWorkflow(
			osviWorkflow(
				'e2e: a call answered with a redirect',
				{
					resource: 'call',
					operation: 'initiate',
					agentId: { __rl: true, mode: 'id', value: activeAgentId(feature.sandbox) },
					phoneNumber: PHONES[0],
					countryCode: 'IN',
					options: {},
				},
				credential,
			),
			{ activate: true },
		);
		workflows.everyCall = await n8n.addWorkflow(
			triggerWorkflow(
				'e2e: trigger for every call',
				{ authentication: 'webhookSecret', callStatus: [] },
				credential,
			),
			{ activate: true },
		);
		workflows.pickedOnly = await n8n.addWorkflow(
			triggerWorkflow(
				'e2e: trigger for picked calls',
				{ authentication: 'webhookSecret', callStatus: ['picked'] },
				credential,
			),
			{ activate: true },
		);
	});

	feature.test(
		'places no further call once one has failed, even under pacing, and says which were never attempted',
		async () => {
			const execution = await feature.n8n.run(workflows.paced);

			assert.equal(execution.status, 'error');
			assert.deepEqual(
				feature.sandbox.requests().map(({ method, path }) => `${method} ${path}`),
				['POST /call'],
			);
			assert.match(executionError(execution) ?? '', /^OSVI refused access/);
			assert.match(
				executionError(execution) ?? '',
				/No call was placed\. Items 1–4 were never attempted: run the workflow again with only those items \(and the failed item once fixed\)\.$/,
			);
		},
	);

	feature.test(
		'follows no redirect from OSVI: the API token never reaches the other host',
		async () => {
			feature.sandbox.addFault({ kind: 'redirect', method: 'POST', path: '/call', status: 307 });

			const execution = await feature.n8n.run(workflows.redirected);

			assert.equal(execution.status, 'error');
			assert.equal(feature.sandbox.requests().length, 1);
			assert.deepEqual(feature.sandbox.storageRequests(), []);
			assert.match(
				executionError(execution) ?? '',
				new RegExp(
					`^OSVI answered with a redirect \\(307\\) to ${new URL(feature.sandbox.storageUrl).host.replace('.', '\\.')}`,
				),
			);
			assert.match(executionError(execution) ?? '', /The call may or may not have been placed/);
		},
	);

	feature.test(
		'starts exactly one execution per delivery whatever its field types, with the body as output',
		async () => {
			const n8n = feature.n8n;
			const path = webhookOf(workflows.everyCall.json, TRIGGER_NODE).path;
			const bodies = [
				{ ...perCallPayload(callLogId(101)), call_status: 5 },
				{ ...postCallAnalysisPayload(callLogId(102)), data_capture: [] },
			];
			const answers = [];
			for (const body of bodies) {
				const response = await n8n.webhook(path, { body, ...withSecret('header', WEBHOOK_SECRET) });
				answers.push({ status: response.status, answer: response.json ?? response.text });
			}
			assert.deepEqual(answers, [
				{ status: 200, answer: ACCEPTED },
				{ status: 200, answer: ACCEPTED },
			]);

			const executions = await n8n.settledExecutions(workflows.everyCall.id, 2);
			assert.deepEqual(
				executions.map((execution) => ({
					status: execution.status,
					output: nodeJson(execution, TRIGGER_NODE),
				})),
				bodies.map((body) => ({ status: 'success', output: [body] })),
			);
		},
	);

	feature.test(
		'compares a numeric call status as text: 5 is not picked, so it is acknowledged and starts nothing',
		async () => {
			const n8n = feature.n8n;
			const path = webhookOf(workflows.pickedOnly.json, TRIGGER_NODE).path;
			const response = await n8n.webhook(path, {
				body: { ...perCallPayload(callLogId(103)), call_status: 5 },
				...withSecret('header', WEBHOOK_SECRET),
			});
			assert.deepEqual(
				{ status: response.status, answer: response.json ?? response.text },
				{ status: 200, answer: FILTERED_OUT },
			);
			await n8n.settledExecutions(workflows.pickedOnly.id, 0);
		},
	);
});
