// @ts-check
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { adapt, assertSucceeded, example, executionError, webhookOf } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import {
	API_TOKEN,
	SECRET_CARRIERS,
	TRIGGER_NODE,
	WEBHOOK_SECRET,
	WRONG_API_TOKEN,
	WRONG_WEBHOOK_SECRET,
	activeAgentId,
	callLogId,
	osviWorkflow,
	perCallPayload,
	placeCallsWorkflow,
	triggerWorkflow,
	withSecret,
} from '../fixtures.mjs';

/** @typedef {import('../../scripts/lib/index.mjs').StoredWorkflow} StoredWorkflow */

const SECRETS = { API_TOKEN, WRONG_API_TOKEN, WEBHOOK_SECRET, WRONG_WEBHOOK_SECRET };

/**
 * Every place in a JSON value where `needle` occurs in a string or a key, as paths.
 * @param {unknown} value
 * @param {string} needle
 * @param {string} [path]
 * @returns {string[]}
 */
function occurrences(value, needle, path = '$') {
	if (typeof value === 'string') return value.includes(needle) ? [path] : [];
	if (Array.isArray(value)) return value.flatMap((item, i) => occurrences(item, needle, `${path}[${i}]`));
	if (value && typeof value === 'object') {
		return Object.entries(value).flatMap(([key, item]) => [
			...(key.includes(needle) ? [`${path} (a key)`] : []),
			...occurrences(item, needle, `${path}.${key}`),
		]);
	}
	return [];
}

/** @param {Record<string, unknown>} stored */
function leaks(stored) {
	return Object.entries(SECRETS).flatMap(([name, secret]) =>
		occurrences(stored, secret).map((path) => `${name} at ${path}`),
	);
}

export default defineFeature('secrets in stored executions', (feature) => {
	const workflows = /** @type {Record<'wrongToken' | 'placeCalls' | 'list' | 'reactToCalls' | 'roundTrip' | 'deliveries', StoredWorkflow>} */ ({});
	let roundTripWebhookUrl = '';

	before(async () => {
		const n8n = feature.n8n;
		const agentId = activeAgentId(feature.sandbox);
		const credential = await feature.osviCredential();
		const wrongToken = await feature.osviCredential({ apiToken: WRONG_API_TOKEN, webhookSecret: '' });
		const initiate = {
			resource: 'call',
			operation: 'initiate',
			agentId: { __rl: true, mode: 'id', value: agentId },
			phoneNumber: '+91 98765 43210',
			countryCode: 'IN',
			options: {},
		};
		workflows.wrongToken = await n8n.addWorkflow(
			osviWorkflow('e2e: place a call with a wrong API token', { ...initiate, additionalFields: {} }, wrongToken),
			{ activate: true },
		);
		workflows.placeCalls = await n8n.addWorkflow(placeCallsWorkflow('e2e: place calls (secrets)', agentId, credential), {
			activate: true,
		});
		workflows.list = await n8n.addWorkflow(
			osviWorkflow(
				'e2e: list picked calls (secrets)',
				{ resource: 'call', operation: 'list', returnAll: false, limit: 5, filters: { status: ['picked'] }, options: {} },
				credential,
			),
			{ activate: true },
		);
		workflows.reactToCalls = await n8n.addWorkflow(
			adapt(example('react-to-finished-calls'), { credential, freshWebhookIds: true }),
			{ activate: true },
		);
		roundTripWebhookUrl = `${n8n.webhookUrl(webhookOf(workflows.reactToCalls.json, TRIGGER_NODE).path)}?secret=${WEBHOOK_SECRET}`;
		workflows.roundTrip = await n8n.addWorkflow(
			osviWorkflow(
				'e2e: place a call that reports to the trigger (secrets)',
				{ ...initiate, additionalFields: { personName: 'Asha Rao', webhookUrl: roundTripWebhookUrl } },
				credential,
			),
			{ activate: true },
		);
		workflows.deliveries = await n8n.addWorkflow(
			triggerWorkflow('e2e: trigger with secret (secrets)', { authentication: 'webhookSecret' }, credential),
			{ activate: true },
		);
	});

	feature.test('stores neither the API token nor the webhook secret in any execution', async () => {
		const n8n = feature.n8n;
		// A run that OSVI answers 401 (wrong token), beside successes and rejected deliveries.
		const failed = await n8n.run(workflows.wrongToken);
		assert.equal(failed.status, 'error', 'the workflow with a wrong token should fail');
		assert.equal(
			executionError(failed),
			'OSVI did not accept the API token: Invalid or missing API-Token — Check the API Token of the OSVI API credential. You find it in the OSVI dashboard under Settings → API.',
		);
		assert.deepEqual(
			feature.sandbox.requests().map(({ path, headers }) => ({ path, token: headers['api-token'] })),
			[{ path: '/call', token: WRONG_API_TOKEN }],
		);

		assertSucceeded(await n8n.run(workflows.placeCalls));
		assertSucceeded(await n8n.run(workflows.list));
		assertSucceeded(await n8n.run(workflows.roundTrip));
		await feature.sandbox.waitForWebhookDeliveries(1, 20_000);
		await n8n.settledExecutions(workflows.reactToCalls.id, 1);
		const deliveries = workflows.deliveries.json;
		for (const [index, carrier] of SECRET_CARRIERS.entries()) {
			const path = webhookOf(deliveries, TRIGGER_NODE).path;
			const accepted = await n8n.webhook(path, { body: perCallPayload(callLogId(index)), ...withSecret(carrier, WEBHOOK_SECRET) });
			const rejected = await n8n.webhook(path, {
				body: perCallPayload(callLogId(10 + index)),
				...withSecret(carrier, WRONG_WEBHOOK_SECRET),
			});
			assert.deepEqual([accepted.status, rejected.status], [200, 403], `deliveries with the secret in the ${carrier}`);
		}
		await n8n.settledExecutions(workflows.deliveries.id, SECRET_CARRIERS.length);

		// The one place a secret belongs: the Webhook URL the round-trip workflow was given by its author.
		let authoredUrls = 0;
		const withoutAuthoredUrl = (/** @type {any} */ workflowData) => {
			const copy = structuredClone(workflowData);
			for (const node of copy?.nodes ?? []) {
				const fields = node.parameters?.additionalFields;
				if (typeof fields?.webhookUrl === 'string' && fields.webhookUrl.includes(WEBHOOK_SECRET)) {
					assert.equal(fields.webhookUrl, roundTripWebhookUrl);
					fields.webhookUrl = '(the Webhook URL its author wrote, with ?secret=…)';
					authoredUrls += 1;
				}
			}
			return copy;
		};

		const ids = Object.values(workflows).map((workflow) => workflow.id);
		const executions = (
			await Promise.all(ids.map((workflowId) => n8n.executions({ workflowId, includeData: true })))
		).flat();
		const statuses = executions.map((execution) => `${execution.workflowId} ${execution.status}`);
		assert.ok(
			statuses.includes(`${workflows.wrongToken.id} error`) &&
				statuses.includes(`${workflows.placeCalls.id} success`) &&
				statuses.includes(`${workflows.reactToCalls.id} success`),
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
		const rows = await n8n.storedExecutionData(ids);
		assert.equal(rows.length, executions.length, 'the database and the API should hold the same executions');
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
