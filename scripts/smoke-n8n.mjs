// @ts-check
// Proves the e2e runner on a real n8n, without depending on our nodes: installs n8n (once), loads a tiny community
// package (a node and a webhook trigger) from its packed tarball, imports a credential and workflows, runs one
// through `n8n execute` (calling a loopback HTTP server with the credential), publishes two webhook workflows
// (n8n's Webhook node and the community trigger), starts the server, calls both webhooks, reads the executions
// through the public API, tests credentials through the internal REST API, runs a failing workflow beside the
// server, stops, cleans up and prints timings.
//   node scripts/smoke-n8n.mjs [--major 2|1] [--tarball path/to/n8n-nodes-osvi-x.y.z.tgz] [--keep]
// --tarball additionally installs that package and checks that n8n lists its node types.
// --keep leaves the instance folder in place (its path is printed) for a look at the logs.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanEnv, log, runCommand } from './lib/cache.mjs';
import { ensureN8n } from './lib/n8n-install.mjs';
import { createInstance, nodeOutput } from './lib/n8n-instance.mjs';

const { values } = parseArgs({
	options: {
		major: { type: 'string', default: '2' },
		tarball: { type: 'string' },
		keep: { type: 'boolean', default: false },
	},
});
const major = values.major === '1' ? 1 : values.major === '2' ? 2 : undefined;
if (!major) throw new Error(`--major must be 1 or 2, got ${values.major}`);
if (values.keep) process.env.OSVI_E2E_KEEP = '1';

/** @type {Array<[string, number]>} */
const timings = [];
/**
 * @template T
 * @param {string} label
 * @param {() => Promise<T>} step
 * @returns {Promise<T>}
 */
async function timed(label, step) {
	const started = Date.now();
	log(`${label} …`);
	const result = await step();
	timings.push([label, Date.now() - started]);
	log(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return result;
}

const totalStarted = Date.now();
const install = await timed(`ensure n8n ${major}.x installed`, () => ensureN8n(major));
log(`n8n ${install.version} on Node ${install.nodeVersion} from ${install.dir}`);

const fixtureTarball = await timed('pack the fixture community package', packFixturePackage);
const echo = await startEchoServer();
const instance = await createInstance({ major });
log(`instance folder ${instance.userFolder}, port ${instance.port}`);

try {
	await timed('install community package(s) into .n8n/nodes', async () => {
		await instance.installPackage(fixtureTarball);
		if (values.tarball) await instance.installPackage(values.tarball);
	});

	// n8n-nodes-base.webhook declares isFullPath, so it listens on /webhook/<path>; a trigger without it (like the
	// OSVI Trigger and the fixture's) listens on /webhook/<webhookId>/<path>.
	const basePath = `smoke-${randomUUID()}`;
	const triggerWebhookId = randomUUID();
	const triggerPath = `${triggerWebhookId}/webhook`;
	const [credentialId] = await timed('import a credential (first command: migrations)', () =>
		instance.importCredentials([
			{
				name: 'Smoke header',
				type: 'httpHeaderAuth',
				data: { name: 'X-Smoke-Secret', value: 'sesame' },
			},
		]),
	);
	const [manualId, failingId, baseWebhookWorkflowId, triggerWorkflowId] = await timed(
		'import 4 workflows',
		() =>
			instance.importWorkflows([
				manualWorkflow(echo.url, credentialId),
				failingWorkflow(),
				baseWebhookWorkflow(basePath),
				fixtureTriggerWorkflow(triggerWebhookId),
			]),
	);

	const result = await timed(
		'n8n execute (manual → Set → fixture node → HTTP Request to loopback)',
		() => instance.execute(manualId),
	);
	assert.ok(result.ok, `the manual workflow failed: ${result.errorMessage}`);
	assert.deepEqual(nodeOutput(result.run, 'Smoke'), [
		{ greeting: 'hello', smoke: 'hello from a community node' },
	]);
	// The imported credential was stored encrypted and decrypted for the request.
	assert.deepEqual(echo.requests, [
		{
			method: 'POST',
			secret: 'sesame',
			body: { greeting: 'hello', smoke: 'hello from a community node' },
		},
	]);
	assert.deepEqual(nodeOutput(result.run, 'Echo'), [{ echoed: true }]);

	await timed('publish the 2 webhook workflows', async () => {
		await instance.publish(baseWebhookWorkflowId);
		await instance.publish(triggerWorkflowId);
	});
	const { readyMs } = await timed('n8n start until /healthz/readiness', () => instance.start());
	const { waitedMs } = await timed('wait for both webhooks to be registered', async () => {
		const base = await instance.waitForWebhook(basePath, { method: 'POST' });
		await instance.waitForWebhook(triggerPath, { method: 'POST' });
		return base;
	});
	log(`ready after ${readyMs} ms, webhooks live ${waitedMs} ms later`);

	await timed('POST both webhooks', async () => {
		const base = await instance.webhook(basePath, {
			body: { call_log_id: 'smoke-1', call_status: 'picked' },
		});
		assert.equal(base.status, 200, `base webhook answered ${base.status}: ${base.text}`);
		assert.equal(
			base.json?.smoke,
			'smoke-1 from a community node',
			`base webhook answered: ${base.text}`,
		);
		const trigger = await instance.webhook(triggerPath, { body: { call_log_id: 'smoke-2' } });
		assert.equal(
			trigger.status,
			200,
			`fixture trigger answered ${trigger.status}: ${trigger.text}`,
		);
		assert.deepEqual(
			trigger.json,
			{ received: true, echo: 'smoke-2' },
			`fixture trigger answered: ${trigger.text}`,
		);
	});

	await timed('owner setup, API key, executions via the public API', async () => {
		await instance.setupOwner();
		await instance.createApiKey();
		const [base] = await instance.waitForExecutions(baseWebhookWorkflowId);
		assert.equal(base.status, 'success');
		assert.deepEqual(nodeOutput(base, 'Webhook')[0].body, {
			call_log_id: 'smoke-1',
			call_status: 'picked',
		});
		const [trigger] = await instance.waitForExecutions(triggerWorkflowId);
		assert.equal(trigger.status, 'success');
		assert.deepEqual(nodeOutput(trigger, 'Smoke'), [{ smoke: 'smoke-2 from a community node' }]);
	});

	await timed('credential tests through /rest/credentials/test', async () => {
		const baseUrl = `${instance.baseUrl}/api/v1`;
		const goodId = await instance.createCredential({
			name: 'n8n API (valid key)',
			type: 'n8nApi',
			data: { apiKey: instance.apiKey, baseUrl },
		});
		const badId = await instance.createCredential({
			name: 'n8n API (invalid key)',
			type: 'n8nApi',
			data: { apiKey: 'not-a-key', baseUrl },
		});
		const good = await instance.testCredential(goodId);
		assert.equal(good.status, 'OK', `valid key: ${JSON.stringify(good)}`);
		const bad = await instance.testCredential(badId);
		assert.equal(bad.status, 'Error', `invalid key: ${JSON.stringify(bad)}`);
		const fixed = await instance.testCredential(badId, { apiKey: instance.apiKey });
		assert.equal(
			fixed.status,
			'OK',
			`invalid key replaced by a valid one: ${JSON.stringify(fixed)}`,
		);
		log(`credential test: valid → ${good.status}; invalid → ${bad.status} (${bad.message})`);
	});

	await timed('n8n execute of a failing workflow, beside the running server', async () => {
		const failed = await instance.execute(failingId);
		assert.equal(failed.ok, false);
		assert.equal(failed.exitCode, 1);
		assert.match(failed.errorMessage ?? '', /planned failure/);
		assert.equal(failed.run?.data?.resultData?.lastNodeExecuted, 'Fail');
	});

	if (values.tarball) {
		await timed('check that n8n lists the node types of --tarball', async () => {
			const names = (await instance.nodeTypes()).map((type) => type.name);
			const ours = names.filter((name) => name.startsWith('n8n-nodes-osvi.'));
			assert.ok(ours.length > 0, `no n8n-nodes-osvi.* type among ${names.length} node types`);
			log(`node types loaded from the tarball: ${ours.join(', ')}`);
		});
	}

	await timed('stop n8n (settle, SIGTERM)', () => instance.stop());
} catch (error) {
	log(
		`FAILED; n8n's logs: ${instance.workDir}/logs${values.keep ? '' : ' (removed now: rerun with --keep to read them)'}`,
	);
	throw error;
} finally {
	await instance.dispose();
	echo.server.close();
	rmSync(join(fixtureTarball, '..'), { recursive: true, force: true });
}

timings.push(['total', Date.now() - totalStarted]);
process.stdout.write(`\nn8n ${install.version} on Node ${install.nodeVersion}:\n`);
for (const [label, ms] of timings) {
	process.stdout.write(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${label}\n`);
}
process.stdout.write('smoke-n8n: 1 passed, 0 failed\n');

/** A minimal community package, packed like ours: proves that `.n8n/nodes` packages load by their real names. */
async function packFixturePackage() {
	const dir = mkdtempSync(join(tmpdir(), 'osvi-smoke-pkg-'));
	mkdirSync(join(dir, 'dist'));
	writeFileSync(
		join(dir, 'package.json'),
		JSON.stringify(
			{
				name: 'n8n-nodes-e2e-smoke',
				version: '0.0.1',
				private: false,
				keywords: ['n8n-community-node-package'],
				license: 'MIT',
				files: ['dist'],
				n8n: { n8nNodesApiVersion: 1, nodes: ['dist/Smoke.node.js', 'dist/SmokeTrigger.node.js'] },
			},
			null,
			2,
		),
	);
	writeFileSync(
		join(dir, 'dist', 'Smoke.node.js'),
		`'use strict';
class Smoke {
	constructor() {
		this.description = {
			displayName: 'Smoke',
			name: 'smoke',
			group: ['transform'],
			version: 1,
			description: 'Adds a field, to prove that a packed community node runs',
			defaults: { name: 'Smoke' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [{ displayName: 'Field', name: 'field', type: 'string', default: 'greeting' }],
		};
	}
	async execute() {
		return [
			this.getInputData().map((item, index) => {
				const field = this.getNodeParameter('field', index);
				const source = field.split('.').reduce((value, key) => (value == null ? value : value[key]), item.json);
				return { json: { ...(field === 'greeting' ? item.json : {}), smoke: source + ' from a community node' }, pairedItem: { item: index } };
			}),
		];
	}
}
module.exports = { Smoke };
`,
	);
	writeFileSync(
		join(dir, 'dist', 'SmokeTrigger.node.js'),
		`'use strict';
class SmokeTrigger {
	constructor() {
		this.description = {
			displayName: 'Smoke Trigger',
			name: 'smokeTrigger',
			group: ['trigger'],
			version: 1,
			description: 'Starts a workflow from a webhook, answering at once like the OSVI Trigger',
			defaults: { name: 'Smoke Trigger' },
			inputs: [],
			outputs: ['main'],
			// responseData '' makes n8n answer with webhookResponse; left out, it answers the text "firstEntryJson".
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'webhook' }],
			properties: [],
		};
	}
	async webhook() {
		const body = this.getBodyData();
		return { webhookResponse: { received: true, echo: body.call_log_id }, workflowData: [[{ json: body }]] };
	}
}
module.exports = { SmokeTrigger };
`,
	);
	const { stdout } = await runCommand(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
		{
			cwd: dir,
			env: cleanEnv(),
		},
	);
	const [{ filename }] = JSON.parse(stdout);
	return resolve(dir, filename);
}

/** A loopback HTTP server that records what n8n's HTTP Request node sends. */
async function startEchoServer() {
	/** @type {Array<{ method: string | undefined, secret: string | string[] | undefined, body: unknown }>} */
	const requests = [];
	const server = createServer((request, response) => {
		let raw = '';
		request.on('data', (chunk) => (raw += chunk));
		request.on('end', () => {
			requests.push({
				method: request.method,
				secret: request.headers['x-smoke-secret'],
				body: JSON.parse(raw || 'null'),
			});
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ echoed: true }));
		});
	});
	await new Promise((resolveListen) =>
		server.listen(0, '127.0.0.1', () => resolveListen(undefined)),
	);
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	return { server, requests, url: `http://127.0.0.1:${address.port}/echo` };
}

/**
 * @param {string} echoUrl
 * @param {string} credentialId
 */
function manualWorkflow(echoUrl, credentialId) {
	return {
		name: 'smoke: manual trigger → Set → fixture node',
		nodes: [
			{
				id: randomUUID(),
				name: 'Manual',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: randomUUID(),
				name: 'Set',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					assignments: {
						assignments: [{ id: randomUUID(), name: 'greeting', value: 'hello', type: 'string' }],
					},
					options: {},
				},
			},
			{
				id: randomUUID(),
				name: 'Smoke',
				type: 'n8n-nodes-e2e-smoke.smoke',
				typeVersion: 1,
				position: [440, 0],
				parameters: { field: 'greeting' },
			},
			{
				id: randomUUID(),
				name: 'Echo',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [660, 0],
				parameters: {
					method: 'POST',
					url: echoUrl,
					authentication: 'genericCredentialType',
					genericAuthType: 'httpHeaderAuth',
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify($json) }}',
					options: {},
				},
				credentials: { httpHeaderAuth: { id: credentialId, name: 'Smoke header' } },
			},
		],
		connections: {
			Manual: { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
			Set: { main: [[{ node: 'Smoke', type: 'main', index: 0 }]] },
			Smoke: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] },
		},
	};
}

function failingWorkflow() {
	return {
		name: 'smoke: manual trigger → Stop and Error',
		nodes: [
			{
				id: randomUUID(),
				name: 'Manual',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: randomUUID(),
				name: 'Fail',
				type: 'n8n-nodes-base.stopAndError',
				typeVersion: 1,
				position: [220, 0],
				parameters: { errorMessage: 'planned failure' },
			},
		],
		connections: {
			Manual: { main: [[{ node: 'Fail', type: 'main', index: 0 }]] },
		},
	};
}

/** @param {string} path */
function baseWebhookWorkflow(path) {
	return {
		name: 'smoke: n8n webhook → fixture node',
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: {
					httpMethod: 'POST',
					path,
					responseMode: 'lastNode',
					responseData: 'firstEntryJson',
					options: {},
				},
			},
			{
				id: randomUUID(),
				name: 'Smoke',
				type: 'n8n-nodes-e2e-smoke.smoke',
				typeVersion: 1,
				position: [220, 0],
				parameters: { field: 'body.call_log_id' },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Smoke', type: 'main', index: 0 }]] },
		},
	};
}

/** @param {string} webhookId */
function fixtureTriggerWorkflow(webhookId) {
	return {
		name: 'smoke: community trigger → fixture node',
		nodes: [
			{
				id: randomUUID(),
				name: 'Smoke Trigger',
				type: 'n8n-nodes-e2e-smoke.smokeTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: {},
			},
			{
				id: randomUUID(),
				name: 'Smoke',
				type: 'n8n-nodes-e2e-smoke.smoke',
				typeVersion: 1,
				position: [220, 0],
				parameters: { field: 'call_log_id' },
			},
		],
		connections: {
			'Smoke Trigger': { main: [[{ node: 'Smoke', type: 'main', index: 0 }]] },
		},
	};
}
