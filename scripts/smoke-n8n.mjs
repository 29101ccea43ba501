// @ts-check
// Proves the e2e runner on a real n8n, without our nodes: installs n8n (once), loads a tiny community package
// from its packed tarball, runs a manual workflow through `n8n execute`, publishes a webhook workflow, starts
// the server, calls the webhook, reads the execution through the public API, tests a credential through the
// internal REST API, stops, cleans up and prints timings.
//   node scripts/smoke-n8n.mjs [--major 2|1] [--tarball path/to/n8n-nodes-osvi-x.y.z.tgz] [--keep]
// --tarball additionally installs that package and checks that n8n lists its node types.
// --keep leaves the instance folder in place (its path is printed) for a look at the logs.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
const instance = await createInstance({ major });
log(`instance folder ${instance.userFolder}, port ${instance.port}`);

try {
	await timed('install community package(s) into .n8n/nodes', async () => {
		await instance.installPackage(fixtureTarball);
		if (values.tarball) await instance.installPackage(values.tarball);
	});

	const webhookId = randomUUID();
	const [manualId, webhookWorkflowId] = await timed('import 2 workflows (first command: migrations)', () =>
		instance.importWorkflows([manualWorkflow(), webhookWorkflow(webhookId)]),
	);

	const result = await timed('n8n execute (manual trigger → Set → fixture node)', () =>
		instance.execute(manualId),
	);
	assert.ok(result.ok, `the manual workflow failed: ${result.errorMessage}`);
	assert.deepEqual(nodeOutput(result.run, 'Smoke'), [{ greeting: 'hello', smoke: 'hello from a community node' }]);

	await timed('publish the webhook workflow', () => instance.publish(webhookWorkflowId));
	const { readyMs } = await timed('n8n start until /healthz/readiness', () => instance.start());
	const path = `${webhookId}/smoke`;
	const { waitedMs } = await timed('wait for the webhook to be registered', () =>
		instance.waitForWebhook(path, { method: 'POST' }),
	);
	log(`ready after ${readyMs} ms, webhook live ${waitedMs} ms later`);

	const answer = await timed('POST the webhook', () =>
		instance.webhook(path, { body: { call_log_id: 'smoke-1', call_status: 'picked' } }),
	);
	assert.equal(answer.status, 200, `webhook answered ${answer.status}: ${answer.text}`);
	assert.equal(answer.json?.smoke, 'smoke-1 from a community node', `webhook answered: ${answer.text}`);

	const executions = await timed('owner setup, API key, execution via the public API', async () => {
		await instance.setupOwner();
		await instance.createApiKey();
		return await instance.waitForExecutions(webhookWorkflowId);
	});
	assert.equal(executions.length, 1);
	assert.equal(executions[0].status, 'success');
	assert.deepEqual(nodeOutput(executions[0], 'Webhook')[0].body, {
		call_log_id: 'smoke-1',
		call_status: 'picked',
	});

	await timed('credential test through /rest/credentials/test', async () => {
		const good = await instance.testCredential({
			type: 'n8nApi',
			data: { apiKey: instance.apiKey, baseUrl: `${instance.baseUrl}/api/v1` },
		});
		assert.deepEqual(good.status, 'OK', `valid key: ${JSON.stringify(good)}`);
		const bad = await instance.testCredential({
			type: 'n8nApi',
			data: { apiKey: 'not-a-key', baseUrl: `${instance.baseUrl}/api/v1` },
		});
		assert.equal(bad.status, 'Error', `invalid key: ${JSON.stringify(bad)}`);
		log(`credential test: valid → ${good.status}; invalid → ${bad.status} (${bad.message})`);
	});

	if (values.tarball) {
		await timed('check that n8n lists the node types of --tarball', async () => {
			const types = await instance.request('GET', '/types/nodes.json');
			const names = (types.json ?? []).map((/** @type {{ name: string }} */ type) => type.name);
			const ours = names.filter((/** @type {string} */ name) => name.startsWith('n8n-nodes-osvi.'));
			assert.ok(ours.length > 0, `no n8n-nodes-osvi.* type among ${names.length} node types`);
			log(`node types loaded from the tarball: ${ours.join(', ')}`);
		});
	}

	await timed('stop n8n (settle, SIGTERM)', () => instance.stop());
} catch (error) {
	log(`FAILED; logs are in ${instance.workDir}/logs${values.keep ? '' : ' (pass --keep to keep them)'}`);
	throw error;
} finally {
	await instance.dispose();
	rmSync(join(fixtureTarball, '..'), { recursive: true, force: true });
}

timings.push(['total', Date.now() - totalStarted]);
process.stdout.write(`\nsmoke-n8n: n8n ${install.version} on Node ${install.nodeVersion}: passed\n`);
for (const [label, ms] of timings) {
	process.stdout.write(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${label}\n`);
}

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
				n8n: { n8nNodesApiVersion: 1, nodes: ['dist/Smoke.node.js'] },
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
	const { stdout } = await runCommand('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
		cwd: dir,
		env: cleanEnv(),
	});
	const [{ filename }] = JSON.parse(stdout);
	return resolve(dir, filename);
}

function manualWorkflow() {
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
		],
		connections: {
			Manual: { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
			Set: { main: [[{ node: 'Smoke', type: 'main', index: 0 }]] },
		},
	};
}

/** @param {string} webhookId */
function webhookWorkflow(webhookId) {
	return {
		name: 'smoke: webhook → fixture node',
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: {
					httpMethod: 'POST',
					path: 'smoke',
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
