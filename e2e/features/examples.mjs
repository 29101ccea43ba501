// @ts-check
// The shipped example workflows, imported as users import them (their credential picked, the Webhook URL of the
// first replaced by the trigger's Production URL, which the example signs, as the README says) and run as from the editor.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { adapt, asRunnable, assertSucceeded, example, nodeItems, nodeJson, webhookOf } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import { API_TOKEN, TRIGGER_NODE } from '../fixtures.mjs';

/** @typedef {import('../../scripts/lib/index.mjs').StoredWorkflow} StoredWorkflow */

const CALLING_NODE = 'Call Each Contact';
const LISTING_NODE = "Yesterday's Answered Calls";

export default defineFeature(
	'the example workflows',
	(feature) => {
		const workflows = /** @type {Record<'placeCalls' | 'reactToCalls' | 'listYesterday', StoredWorkflow>} */ ({});

		before(async () => {
			const n8n = feature.n8n;
			const credential = await feature.osviCredential();
			workflows.reactToCalls = await n8n.addWorkflow(
				adapt(example('react-to-finished-calls'), { credential, freshWebhookIds: true }),
				{ activate: true },
			);
			const triggerUrl = n8n.webhookUrl(webhookOf(workflows.reactToCalls.json, TRIGGER_NODE).path);
			const placeCalls = asRunnable(adapt(example('place-calls-from-a-list'), { credential }));
			const calling = placeCalls.nodes.find((node) => node.name === CALLING_NODE);
			assert.ok(calling, `the example has no node "${CALLING_NODE}"`);
			calling.parameters.additionalFields.webhookUrl = triggerUrl;
			workflows.placeCalls = await n8n.addWorkflow(placeCalls, { activate: true });
			workflows.listYesterday = await n8n.addWorkflow(
				asRunnable(adapt(example('list-yesterdays-answered-calls'), { credential })),
				{ activate: true },
			);
		});

		feature.test(
			'"place calls from a list" calls two contacts, rejects the third, and "react to finished calls" gets both outcomes',
			async () => {
				const execution = await feature.n8n.run(workflows.placeCalls);
				assertSucceeded(execution);
				const items = nodeItems(execution, CALLING_NODE);
				assert.deepEqual(
					items.map(({ json }) => (json.error ? json.error : `${json.country_code} ${json.phone_number}`)),
					[
						'IN 9876543210',
						'US 4155550100',
						'Invalid Phone Number in item 2: The phone number contains "x". Use only digits, spaces, dashes, dots and brackets, with + or 00 before a country code, e.g. +91 98765 43210.',
					],
				);

				// Numbers ending in 0 are answered in the sandbox; each call reports to the trigger when it ends.
				const deliveries = await feature.sandbox.waitForWebhookDeliveries(2, 20_000);
				assert.deepEqual(
					deliveries.map((delivery) => delivery.status),
					[200, 200],
				);
				// The example signs its Webhook URL: OSVI gets an expiring signature, never the secret.
				assert.deepEqual(
					deliveries.map((delivery) => [...new URL(delivery.url).searchParams.keys()]),
					[
						['osvi_expires', 'osvi_signature'],
						['osvi_expires', 'osvi_signature'],
					],
				);
				const reactions = await feature.n8n.settledExecutions(workflows.reactToCalls.id, 2);
				const byCallId = (/** @type {Record<string, unknown>} */ a, /** @type {Record<string, unknown>} */ b) =>
					String(a.callId).localeCompare(String(b.callId));
				assert.deepEqual(
					reactions.flatMap((reaction) => nodeJson(reaction, 'Outcome for the CRM')).sort(byCallId),
					[
						{ callId: items[0].json.call_id, phoneNumber: '+919876543210', answered: true, needsRetry: false },
						{ callId: items[1].json.call_id, phoneNumber: '+14155550100', answered: true, needsRetry: false },
					].sort(byCallId),
				);
			},
		);

		feature.test('"list yesterday’s answered calls" asks OSVI for yesterday’s picked calls and returns them all', async () => {
			const execution = await feature.n8n.run(workflows.listYesterday);
			assertSucceeded(execution);
			// n8n's $today is in the instance's timezone, UTC here.
			const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
			const query = { status: 'picked', start_date: yesterday, end_date: yesterday };
			const requests = feature.sandbox.requests().map(({ method, path, query: sent }) => ({ method, path, query: sent }));
			assert.deepEqual(requests[0], { method: 'GET', path: '/v1/calls', query: { ...query, page: '1', per_page: '100' } });

			const answer = /** @type {{ data: unknown[], meta: { total_pages: number } }} */ (
				await fetch(`${feature.sandbox.url}/v1/calls?${new URLSearchParams({ ...query, per_page: '100' })}`, {
					headers: { 'API-Token': API_TOKEN },
				}).then((response) => response.json())
			);
			assert.equal(answer.meta.total_pages, 1, `yesterday's picked calls should fit one page: ${JSON.stringify(answer.meta)}`);
			assert.ok(answer.data.length > 0, 'the sandbox should hold calls picked yesterday');
			assert.deepEqual(requests.length, 1);
			assert.deepEqual(nodeJson(execution, LISTING_NODE), answer.data);
		});
	},
	{ sandbox: { recent: true, callCount: 1_000 } },
);
