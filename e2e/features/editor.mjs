// @ts-check
// What users see in n8n's editor, in a real browser (Debian's Chromium): the nodes panel, the OSVI node's and the
// OSVI Trigger's panels, and the credential's test. What to expect is read from the node descriptions n8n loaded
// from the packed package, so that a new action or parameter needs no change here; names the contract fixes
// (node names, Initiate call, List calls) are checked as they are.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { node, openEditor, osviNode, osviTrigger, PROJECT_DIR, workflow } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import { API_TOKEN, WRONG_API_TOKEN } from '../fixtures.mjs';

/** Pictures of failed steps; the failure message names the file. */
const FAILURE_DIR = join(PROJECT_DIR, 'build', 'e2e-failures', 'editor');

const OSVI_TYPE = 'n8n-nodes-osvi.osvi';
const TRIGGER_TYPE = 'n8n-nodes-osvi.osviTrigger';
const INITIATE = { resource: 'call', operation: 'initiate' };
/** n8n adds this resource to nodes whose credential can sign any request; its nodes panel does not list it. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/**
 * @typedef {object} Property  a node parameter as n8n's editor receives it
 * @property {string} name
 * @property {string} displayName
 * @property {string} type
 * @property {unknown} [default]
 * @property {Array<{ name: string, value: unknown, action?: string }>} [options]
 * @property {{ show?: Record<string, unknown[]>, hide?: Record<string, unknown[]> }} [displayOptions]
 */

export default defineFeature(
	'the editor in a real browser',
	(feature) => {
		/** @type {import('../../scripts/lib/index.mjs').EditorSession} */
		let editor;
		/** @type {Map<string, { properties: Property[] }>} */
		const described = new Map();
		const ids = { credential: '', testedCredential: '', place: '', initiateNode: '', trigger: '', triggerNode: '' };
		let webhookId = '';

		before(async () => {
			rmSync(FAILURE_DIR, { recursive: true, force: true });
			for (const type of await feature.n8n.nodeTypes()) {
				if (type.name === OSVI_TYPE || type.name === TRIGGER_TYPE) {
					described.set(type.name, { properties: type.properties });
				}
			}
			const credential = await feature.osviCredential({ name: 'OSVI Sandbox' });
			ids.testedCredential = (await feature.osviCredential({ name: 'OSVI Token to Test' })).id;
			const initiate = osviNode(
				'Call the Customer',
				{ ...INITIATE, agentId: { __rl: true, mode: 'list', value: '' }, countryCode: 'IN', additionalFields: {}, options: {} },
				credential,
			);
			const place = await feature.n8n.addWorkflow(
				workflow('e2e: place a call from the editor', [
					node('When clicking ‘Execute workflow’', 'n8n-nodes-base.manualTrigger', {}),
					initiate,
				]),
			);
			const trigger = osviTrigger('OSVI Trigger', { authentication: 'webhookSecret' }, credential);
			const reported = await feature.n8n.addWorkflow(workflow('e2e: react to finished calls in the editor', [trigger]));
			Object.assign(ids, {
				credential: credential.id,
				place: place.id,
				initiateNode: String(initiate.id),
				trigger: reported.id,
				triggerNode: String(trigger.id),
			});
			webhookId = String(trigger.webhookId);
			editor = await openEditor(feature.n8n, { failureDir: FAILURE_DIR });
		});
		after(async () => await editor?.close());

		/**
		 * A test whose failure leaves a picture of the page.
		 * @param {string} name
		 * @param {() => Promise<void>} body
		 */
		const editorTest = (name, body) =>
			feature.test(name, async () => await editor.step(name, body), { timeoutMs: 180_000 });

		/** @param {string} type */
		const description = (type) => {
			const found = described.get(type);
			assert.ok(found, `n8n did not load ${type} from the packed package: the editor cannot offer it`);
			return found;
		};

		editorTest('the nodes panel finds OSVI and lists every action its description declares', async () => {
			await editor.openWorkflow(ids.place, 2);
			const creator = await editor.searchNodes('OSVI');
			const names = creator.getByTestId('node-creator-item-name');
			await names.filter({ hasText: 'OSVI' }).first().waitFor();
			const found = (await names.allInnerTexts()).map((name) => name.trim());
			assert.ok(found.includes('OSVI'), `the nodes panel offers no "OSVI" node; it found ${found.join(', ')}`);

			const expected = declaredActions(description(OSVI_TYPE).properties);
			const call = expected.find(({ group }) => group === 'Call Actions');
			assert.ok(call, 'the OSVI node declares no Call resource');
			for (const fixed of ['Initiate call', 'List calls']) assert.ok(call.actions.includes(fixed), fixed);

			const osvi = names.getByText('OSVI', { exact: true });
			await osvi.click();
			// The search results slide out while the node's actions slide in: read the actions once they are alone.
			await osvi.waitFor({ state: 'detached' });
			const shown = await editor.actionGroups(creator);
			assert.deepEqual(sortGroups(shown), sortGroups(expected));
			assert.equal(
				(await creator.getByTestId('node-creator-category-item').allInnerTexts()).map((text) => text.trim()).join(', '),
				`Actions (${expected.flatMap(({ actions }) => actions).length}), Triggers (1)`,
			);
		});

		editorTest('the Initiate panel shows its parameters and lists the sandbox’s active agents', async () => {
			const properties = description(OSVI_TYPE).properties;
			const panel = await editor.openNode(ids.place, ids.initiateNode);
			assert.deepEqual(
				await editor.shownParameters(panel),
				shownProperties(properties, INITIATE)
					.filter((property) => property.type !== 'notice')
					.map(({ name, displayName }) => ({ name, label: displayName })),
			);

			const agentPicker = panel.getByTestId('resource-locator-agentId');
			const answered = editor.listSearchAnswer();
			await agentPicker.getByTestId('rlc-input').click();
			const answer = await answered;
			const agents = feature.sandbox.snapshot().agents.filter((agent) => !agent.archived);
			assert.deepEqual(
				answer.results,
				agents.map((agent) => ({ name: agent.name, value: agent.agent_id })),
			);
			const items = editor.page.getByTestId('rlc-item');
			await items.nth(agents.length - 1).waitFor();
			assert.deepEqual(
				(await items.allInnerTexts()).map((text) => text.trim()),
				agents.map((agent) => agent.name),
			);
			await items.first().click();
			assert.equal(await agentPicker.getByTestId('rlc-input').inputValue(), agents[0].name);
			assert.deepEqual(
				feature.sandbox.requests().map(({ method, path, headers }) => ({ method, path, token: headers['api-token'] })),
				[{ method: 'GET', path: '/v1/active_agents', token: API_TOKEN }],
			);
		});

		editorTest('the credential’s test passes with the sandbox token and explains a wrong one', async () => {
			const dialog = await editor.openCredential(ids.testedCredential);
			await dialog.getByText('Connection tested successfully').waitFor();
			const retry = dialog.getByRole('button', { name: 'Retry' });

			let answered = editor.credentialTestAnswer();
			await retry.click();
			assert.deepEqual(await answered, { status: 'OK', message: 'Connection successful!' });

			const message =
				'OSVI did not accept the API token. Copy it again from the OSVI dashboard under Settings → API.';
			await dialog.getByTestId('parameter-input-apiToken').locator('input').fill(WRONG_API_TOKEN);
			answered = editor.credentialTestAnswer();
			await editor.page.getByTestId('credential-save-button').click();
			assert.deepEqual(await answered, { status: 'Error', message });
			await dialog.getByText('Couldn’t connect with these settings').waitFor();
			await shownInFull(dialog, message);

			answered = editor.credentialTestAnswer();
			await retry.click();
			assert.deepEqual(await answered, { status: 'Error', message });
			await shownInFull(dialog, message);
			assert.ok(!(await dialog.innerText()).includes(WRONG_API_TOKEN), 'the dialog shows the token');

			const tokens = feature.sandbox
				.requests()
				.map(({ method, path, headers }) => `${method} ${path} ${headers['api-token']}`);
			assert.deepEqual(tokens, [
				// Opening the dialog tests the stored credential, then Retry; n8n sends a failing test twice.
				...Array(2).fill(`GET /v1/active_agents ${API_TOKEN}`),
				...Array(4).fill(`GET /v1/active_agents ${WRONG_API_TOKEN}`),
			]);
		});

		editorTest('the OSVI Trigger panel shows its setup notice and its test and production URLs', async () => {
			const properties = description(TRIGGER_TYPE).properties;
			const panel = await editor.openNode(ids.trigger, ids.triggerNode);

			const notices = properties.filter((property) => property.type === 'notice');
			const shownNotices = panel.getByTestId('node-parameters').getByRole('alert');
			assert.deepEqual(
				(await shownNotices.allInnerTexts()).map(withoutSpaces),
				notices.map((notice) => withoutSpaces(plainText(notice.displayName))),
			);
			assert.deepEqual(
				await shownNotices.locator('li').count(),
				notices.reduce((count, notice) => count + (notice.displayName.match(/<li>/g)?.length ?? 0), 0),
			);

			await panel.getByText('Webhook URLs', { exact: true }).click();
			const webhooks = panel.locator('.node-webhooks');
			const shownUrl = async () => ({
				method: (await webhooks.locator('.http-method').innerText()).trim(),
				url: (await webhooks.locator('.webhook-url').innerText()).trim(),
			});
			await webhooks.getByTestId('radio-button-test').click();
			assert.deepEqual(await shownUrl(), {
				method: 'POST',
				url: `${feature.n8n.webhookBaseUrl}/webhook-test/${webhookId}/webhook`,
			});
			await webhooks.getByTestId('radio-button-production').click();
			assert.deepEqual(await shownUrl(), {
				method: 'POST',
				url: `${feature.n8n.webhookBaseUrl}/webhook/${webhookId}/webhook`,
			});
		});
	},
	// The editor's panels do not depend on where executions run: one n8n 2.x is enough.
	{ majors: [2], topologies: ['single'] },
);

/**
 * Waits until a credential test's message is shown, opening n8n's "More details" when it folds the message away.
 * @param {import('playwright-core').Locator} dialog
 * @param {string} message
 */
async function shownInFull(dialog, message) {
	const shown = dialog.getByText(message, { exact: true });
	const folded = dialog.getByText('More details', { exact: true });
	await shown.or(folded).first().waitFor();
	if (await folded.isVisible()) await folded.click();
	await shown.waitFor();
}

/**
 * The actions a node's description declares, grouped as n8n's nodes panel groups them: one group per resource
 * ("Call Actions"), holding each of its operations' `action`.
 * @param {Property[]} properties
 * @returns {Array<{ group: string, actions: string[] }>}
 */
function declaredActions(properties) {
	const resources = (properties.find((property) => property.name === 'resource')?.options ?? []).filter(
		(resource) => resource.value !== CUSTOM_API_CALL,
	);
	return resources.map((resource) => ({
		group: `${resource.name} Actions`,
		actions: properties
			.filter(
				(property) =>
					property.name === 'operation' && (property.displayOptions?.show?.resource ?? []).includes(resource.value),
			)
			.flatMap((property) => property.options ?? [])
			.filter((option) => option.value !== CUSTOM_API_CALL)
			.map((option) => option.action ?? option.name),
	}));
}

/** @param {Array<{ group: string, actions: string[] }>} groups */
function sortGroups(groups) {
	return groups
		.map(({ group, actions }) => ({ group, actions: [...actions].sort() }))
		.sort((a, b) => a.group.localeCompare(b.group));
}

/**
 * The top-level properties that n8n shows for some parameter values (the others at their defaults), by their
 * `displayOptions`; the node's version is 1.
 * @param {Property[]} properties
 * @param {Record<string, unknown>} values
 */
function shownProperties(properties, values) {
	/** @param {string} name */
	const valueOf = (name) =>
		name === '@version' ? 1 : name in values ? values[name] : properties.find((p) => p.name === name)?.default;
	/** @param {Record<string, unknown[]>} conditions */
	const matching = (conditions) =>
		Object.entries(conditions).map(([name, allowed]) => {
			const value = valueOf(name);
			return (Array.isArray(value) ? value : [value]).some((one) => allowed.includes(one));
		});
	return properties.filter(({ displayOptions }) => {
		if (displayOptions?.show && !matching(displayOptions.show).every(Boolean)) return false;
		if (displayOptions?.hide && matching(displayOptions.hide).some(Boolean)) return false;
		return true;
	});
}

/**
 * A notice's text as a reader sees it: n8n draws only links and lists in notices, and drops every other tag.
 * @param {string} html
 */
function plainText(html) {
	return html
		.replace(/<[^>]*>/g, ' ')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}

/** @param {string} text */
function withoutSpaces(text) {
	return text.replace(/\s+/g, '');
}
