// @ts-check
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { log, mapPool, nodeJson, webhookOf } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import {
	SECRET_CARRIERS,
	TRIGGER_NODE,
	WEBHOOK_SECRET,
	WRONG_WEBHOOK_SECRET,
	callLogId,
	perCallPayload,
	triggerWorkflow,
	withSecret,
} from '../fixtures.mjs';

export default defineFeature('OSVI Trigger under load', (feature) => {
	/** @type {import('../../scripts/lib/index.mjs').StoredWorkflow} */
	let load;

	before(async () => {
		const credential = await feature.osviCredential();
		load = await feature.n8n.addWorkflow(
			triggerWorkflow('e2e: trigger under load', { authentication: 'webhookSecret' }, credential),
			{ activate: true },
		);
	});

	feature.test(
		'takes 500 deliveries with the secret, 20 at a time, as exactly 500 executions, and 50 with a wrong one as none',
		async () => {
			const n8n = feature.n8n;
			const path = webhookOf(load.json, TRIGGER_NODE).path;
			const payloads = Array.from({ length: 500 }, (_, i) => perCallPayload(callLogId(1000 + i)));
			const started = Date.now();
			const answers = await mapPool(payloads, 20, async (body, i) => {
				const response = await n8n.webhook(path, { body, ...withSecret(SECRET_CARRIERS[i % 3], WEBHOOK_SECRET) });
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
						...withSecret(SECRET_CARRIERS[i % 3], WRONG_WEBHOOK_SECRET),
					});
					return response.status;
				},
			);
			assert.deepEqual(rejected, Array(50).fill(403));

			const executions = await n8n.settledExecutions(load.id, 500, { timeoutMs: 180_000, settleMs: 1_500 });
			log(`500 executions finished ${Date.now() - started} ms after the first delivery`);
			assert.deepEqual(
				executions.filter((execution) => execution.status !== 'success').map((execution) => execution.id),
				[],
			);
			const received = executions.map((execution) => nodeJson(execution, TRIGGER_NODE)[0]?.call_log_id).sort();
			assert.deepEqual(received, payloads.map((payload) => payload.call_log_id).sort());
		},
		{ timeoutMs: 300_000 },
	);
});
