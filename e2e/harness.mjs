// @ts-check
// Runs every feature file of e2e/features/ against one shared, already running n8n of one major version, with
// this package installed from its packed tarball exactly as users install it (n8n 2.x also in queue mode:
// e2e/n8n-2-queue.test.mjs runs each feature that applies there). Each feature gets its own OSVI
// sandbox and creates the credentials and workflows it needs, so that features neither see nor count each
// other's work; a new feature is a new file and changes nothing else.
//   OSVI_E2E_TARBALL=<path>   install that tarball instead of packing dist/ (built by `npm run build`)
//   OSVI_E2E_FEATURES=a,b     run only these feature files (names without .mjs)
//   OSVI_E2E_KEEP=1           keep the instance folder (n8n's logs) after the run
//   OSVI_E2E_QUEUE_SKIP_PACKAGE=worker   queue mode: install no package for these processes (worker, webhook,
//                             main), to see the suite fail when a process cannot load it (scripts/lib/queue.mjs)
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createInstance, loadSandbox, log, packPackage, startSandbox } from '../scripts/lib/index.mjs';
import { API_TOKEN, CALL_DURATION_MS, WEBHOOK_SECRET } from './fixtures.mjs';

const FEATURES_DIR = join(fileURLToPath(new URL('.', import.meta.url)), 'features');

/** @typedef {import('../scripts/lib/n8n-instance.mjs').Topology} Topology */

/**
 * What a feature file sees. `n8n` and `sandbox` exist once the suite is set up: use them in hooks and tests.
 * @typedef {object} FeatureContext
 * @property {1 | 2} major
 * @property {Topology} topology  'single', or 'queue': then `n8n.queue` holds the load balancer, folders and
 *   database of queue mode, and `n8n.logOf('worker')` (or 'webhook', 'main') what that process printed
 * @property {import('../scripts/lib/index.mjs').N8nInstance} n8n  the shared instance (running)
 * @property {import('../scripts/lib/index.mjs').Sandbox} sandbox  this feature's own OSVI sandbox, reset before each test
 * @property {(name: string, body: () => Promise<void>, options?: { timeoutMs?: number }) => void} test
 *   a test whose failure message ends with n8n's log
 * @property {(options?: { name?: string, apiToken?: string, webhookSecret?: string, baseUrl?: string }) => Promise<import('../scripts/lib/index.mjs').CredentialRef>} osviCredential
 *   creates an OSVI API credential for this feature's sandbox (its token, the webhook secret of the fixtures,
 *   and the sandbox URL with a trailing slash, as people paste it)
 */

/**
 * @typedef {object} Feature
 * @property {string} title
 * @property {(context: FeatureContext) => void} define  registers hooks and tests with node:test
 * @property {import('../scripts/lib/project.mjs').SandboxOptions} sandbox  options of the feature's sandbox
 * @property {Array<1 | 2>} majors  the n8n major versions it runs on
 * @property {Topology[]} topologies  how n8n runs where it applies
 * @property {boolean} last  runs after every other feature (a check over what they all did)
 */

/**
 * A feature file's default export.
 * @param {string} title
 * @param {(context: FeatureContext) => void} define
 * @param {{ sandbox?: { recent?: boolean, callCount?: number }, majors?: Array<1 | 2>, topologies?: Topology[], last?: boolean }} [options]
 *   sandbox: seeded differently; majors: only these n8n major versions (every one by default); topologies: only
 *   there (a single n8n and queue mode by default); last: after every other feature
 * @returns {Feature}
 */
export function defineFeature(title, define, options = {}) {
	return {
		title,
		define,
		sandbox: { host: '127.0.0.1', token: API_TOKEN, callDurationMs: CALL_DURATION_MS, ...options.sandbox },
		majors: options.majors ?? [1, 2],
		topologies: options.topologies ?? ['single', 'queue'],
		last: options.last ?? false,
	};
}

/**
 * Registers the whole suite for one n8n major version: call it (awaited) from that version's test file.
 * @param {1 | 2} major
 * @param {{ topology?: Topology }} [options]  topology: 'single' (the default) or 'queue' (2.x)
 */
export async function runSuite(major, options = {}) {
	const topology = options.topology ?? 'single';
	const features = (await loadFeatures()).filter(
		(feature) => feature.majors.includes(major) && feature.topologies.includes(topology),
	);
	if (features.length === 0) {
		log(`no feature of e2e/features/ runs on n8n ${major}.x: n8n ${major}.x is not started`);
		return;
	}
	/** @type {import('../scripts/lib/index.mjs').N8nInstance | undefined} */
	let instance;

	const where = topology === 'queue' ? ' in queue mode (main, worker, webhook processor)' : '';
	describe(`n8n ${major}.x${where} with n8n-nodes-osvi installed from its packed tarball`, () => {
		before(
			async () => {
				const [tarball, created] = await Promise.all([
					process.env.OSVI_E2E_TARBALL || packPackage(),
					createInstance({ major, topology }),
					loadSandbox(),
				]);
				instance = created;
				await instance.installPackage(tarball);
				const { readyMs } = await instance.start();
				log(`n8n ${instance.version}${where} ready in ${readyMs} ms at ${instance.baseUrl} (folder ${instance.userFolder})`);
			},
			{ timeout: 20 * 60_000 },
		);
		after(async () => await instance?.dispose(), { timeout: 60_000 });

		for (const feature of features) {
			describe(feature.title, () => feature.define(featureContext(major, topology, feature, () => instance)));
		}
	});
}

/**
 * @param {1 | 2} major
 * @param {Topology} topology
 * @param {Feature} feature
 * @param {() => import('../scripts/lib/index.mjs').N8nInstance | undefined} getInstance
 * @returns {FeatureContext}
 */
function featureContext(major, topology, feature, getInstance) {
	/** @type {import('../scripts/lib/index.mjs').Sandbox | undefined} */
	let sandbox;
	let credentials = 0;
	before(async () => {
		sandbox = await startSandbox(feature.sandbox);
	});
	after(async () => await sandbox?.close());
	beforeEach(() => sandbox?.reset());

	const context = {
		major,
		topology,
		get n8n() {
			const instance = getInstance();
			if (!instance?.running) throw new Error('n8n is not running: the suite set-up failed (see its error).');
			return instance;
		},
		get sandbox() {
			if (!sandbox) throw new Error('The sandbox of this feature did not start (see the hook error).');
			return sandbox;
		},
		/** @type {FeatureContext['test']} */
		test(name, body, options = {}) {
			test(name, { timeout: options.timeoutMs ?? 120_000 }, async () => {
				try {
					await body();
				} catch (error) {
					const instance = getInstance();
					if (error instanceof Error && instance) error.stack = `${error.stack}\n${instance.serverLog(60)}\n`;
					throw error;
				}
			});
		},
		/** @type {FeatureContext['osviCredential']} */
		async osviCredential(options = {}) {
			credentials += 1;
			return await context.n8n.createCredential({
				name: options.name ?? `OSVI Sandbox ${credentials}`,
				type: 'osviApi',
				data: {
					apiToken: options.apiToken ?? API_TOKEN,
					baseUrl: options.baseUrl ?? `${context.sandbox.url}/`,
					webhookSecret: options.webhookSecret ?? WEBHOOK_SECRET,
				},
			});
		},
	};
	return context;
}

/** @returns {Promise<Feature[]>} */
async function loadFeatures() {
	const wanted = process.env.OSVI_E2E_FEATURES?.split(',').map((name) => name.trim()).filter(Boolean);
	const files = readdirSync(FEATURES_DIR)
		.filter((file) => file.endsWith('.mjs'))
		.sort()
		.filter((file) => !wanted || wanted.includes(basename(file, '.mjs')));
	if (wanted && files.length !== wanted.length) {
		throw new Error(`OSVI_E2E_FEATURES names a feature file that does not exist: ${wanted.join(', ')}`);
	}
	const features = await Promise.all(
		files.map(async (file) => {
			const module = await import(pathToFileURL(join(FEATURES_DIR, file)).href);
			const feature = /** @type {Feature | undefined} */ (module.default);
			if (!feature || typeof feature.define !== 'function') {
				throw new Error(`e2e/features/${file} must export default defineFeature(title, define).`);
			}
			return feature;
		}),
	);
	return [...features.filter((feature) => !feature.last), ...features.filter((feature) => feature.last)];
}
