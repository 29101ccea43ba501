// @ts-check
// `npm run screenshots`: regenerates the README's pictures under docs/images/ from a real n8n 2.x with this package
// installed from its packed tarball, the OSVI sandbox and the shipped example workflows, in Debian's Chromium.
//   workflow.png        an example workflow with the OSVI Trigger and OSVI nodes on the canvas
//   initiate-panel.png  Call → Initiate's panel, its agent picked from the sandbox's active agents
//   trigger-setup.png   the OSVI Trigger's panel: its production URL and its setup notice
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { adapt, createInstance, example, log, openEditor, packPackage, PROJECT_DIR, startSandbox } from './lib/index.mjs';

const IMAGES_DIR = join(PROJECT_DIR, 'docs', 'images');
/** Shown in the trigger's URLs instead of this machine's loopback address and random port. */
const PUBLIC_WEBHOOK_URL = 'https://n8n.example.com/';
/** Tall enough for a whole node panel. */
const VIEWPORT = { width: 1280, height: 1000 };

/**
 * The id of an example workflow's node, by name.
 * @param {import('./lib/index.mjs').WorkflowJson} json
 * @param {string} name
 */
function nodeId(json, name) {
	const found = json.nodes.find((candidate) => candidate.name === name);
	if (!found?.id) throw new Error(`The example workflow "${json.name}" has no node "${name}" with an id.`);
	return found.id;
}

/**
 * The parameters of a node's panel, without the empty space and the feedback link below them.
 * @param {import('playwright-core').Locator} panel
 */
function parameterList(panel) {
	return panel.getByTestId('node-parameters').locator('.parameter-input-list-wrapper').first();
}

async function main() {
	const started = Date.now();
	mkdirSync(IMAGES_DIR, { recursive: true });
	const [tarball, instance, sandbox] = await Promise.all([
		packPackage({ build: true, outDir: join(PROJECT_DIR, 'build', 'pack') }),
		createInstance({ major: 2, env: { N8N_WEBHOOK_URL: PUBLIC_WEBHOOK_URL } }),
		startSandbox({ host: '127.0.0.1' }),
	]);
	/** @type {import('./lib/index.mjs').EditorSession | undefined} */
	let editor;
	try {
		await instance.installPackage(tarball);
		await instance.start();
		const credential = await instance.createCredential({
			name: 'OSVI Sandbox',
			type: 'osviApi',
			data: { apiToken: sandbox.token, baseUrl: sandbox.url, webhookSecret: 'demo-webhook-secret' },
		});
		const filing = adapt(example('file-call-details-and-recording'), { credential });
		const placing = adapt(example('place-calls-from-a-list'), { credential });
		// The example's Webhook URL points at a local trigger with its secret in the query: not for a picture.
		for (const entry of placing.nodes) delete entry.parameters.additionalFields?.webhookUrl;
		const [filingId, placingId] = [
			(await instance.addWorkflow(filing)).id,
			(await instance.addWorkflow(placing)).id,
		];
		editor = await openEditor(instance, {
			failureDir: join(PROJECT_DIR, 'build', 'screenshot-failures'),
			viewport: VIEWPORT,
		});
		const session = editor;
		/** @type {string[]} */
		const pictures = [];

		await session.step('workflow', async () => {
			const nodes = await session.openWorkflow(filingId, filing.nodes.length);
			const file = join(IMAGES_DIR, 'workflow.png');
			// The last node's + handle belongs to the picture too.
			const handles = await session.page.getByTestId('canvas-handle-plus-wrapper').all();
			await session.picture(file, [...(await nodes.all()), ...handles], { margin: 56 });
			pictures.push(file);
		});

		await session.step('initiate-panel', async () => {
			const panel = await session.openNode(placingId, nodeId(placing, 'Call Each Contact'));
			await panel.getByTestId('parameter-input-personName').waitFor();
			const file = join(IMAGES_DIR, 'initiate-panel.png');
			await session.picture(file, [panel.locator('.node-settings')], { margin: 0, endAt: parameterList(panel) });
			pictures.push(file);
		});

		await session.step('trigger-setup', async () => {
			const panel = await session.openNode(filingId, nodeId(filing, 'OSVI Trigger'));
			await panel.getByText('Webhook URLs', { exact: true }).click();
			await panel.getByTestId('radio-button-production').click();
			await panel.locator('.node-webhooks .webhook-url').getByText(PUBLIC_WEBHOOK_URL).waitFor();
			const file = join(IMAGES_DIR, 'trigger-setup.png');
			await session.picture(file, [panel.locator('.node-settings')], { margin: 0, endAt: parameterList(panel) });
			pictures.push(file);
		});

		for (const file of pictures) log(`${file} (${Math.round(statSync(file).size / 1024)} KiB)`);
		log(`pictures made in ${Math.round((Date.now() - started) / 1000)} s`);
	} finally {
		await editor?.close();
		await instance.dispose();
		await sandbox.close();
	}
}

await main();
