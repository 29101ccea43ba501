// @ts-check
// Runs every feature file of e2e/features/ against one shared, already running n8n of one major version, with
// this package installed from its packed tarball exactly as users install it. Each feature gets its own OSVI
// sandbox and creates the credentials and workflows it needs, so that features neither see nor count each
// other's work; a new feature is a new file and changes nothing else.
//   OSVI_E2E_TARBALL=<path>   install that tarball instead of packing dist/ (built by `npm run build`)
//   OSVI_E2E_FEATURES=a,b     run only these feature files (names without .mjs)
//   OSVI_E2E_KEEP=1           keep the instance folder (n8n's logs) after the run
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createInstance, loadSandbox, log, packPackage, startSandbox } from '../scripts/lib/index.mjs';
import { API_TOKEN, CALL_DURATION_MS, WEBHOOK_SECRET } from './fixtures.mjs';

const FEATURES_DIR = join(fileURLToPath(new URL('.', import.meta.url)), 'features');

/**
 * What a feature file sees. `n8n` and `sandbox` exist once the suite is set up: use them in hooks and tests.
 * @typedef {object} FeatureContext
 * @property {1 | 2} major
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
 */

/**
 * A feature file's default export.
 * @param {string} title
 * @param {(context: FeatureContext) => void} define
 * @param {{ sandbox?: { recent?: boolean, callCount?: number } }} [options]  sandbox: seeded differently
 * @returns {Feature}
 */
export function defineFeature(title, define, options = {}) {
	return {
		title,
		define,
		sandbox: { host: '127.0.0.1', token: API_TOKEN, callDurationMs: CALL_DURATION_MS, ...options.sandbox },
	};
}

/**
 * Registers the whole suite for one n8n major version: call it (awaited) from that version's test file.
 * @param {1 | 2} major
 */
export async function runSuite(major) {
	const features = await loadFeatures();
	/** @type {import('../scripts/lib/index.mjs').N8nInstance | undefined} */
	let instance;

	describe(`n8n ${major}.x with n8n-nodes-osvi installed from its packed tarball`, () => {
		before(
			async () => {
				const [tarball, created] = await Promise.all([
					process.env.OSVI_E2E_TARBALL || packPackage(),
					createInstance({ major }),
					loadSandbox(),
				]);
				instance = created;
				await instance.installPackage(tarball);
				await instance.start();
				log(`n8n ${instance.version} running at ${instance.baseUrl} (folder ${instance.userFolder})`);
			},
			{ timeout: 20 * 60_000 },
		);
		after(async () => await instance?.dispose(), { timeout: 60_000 });

		for (const feature of features) {
			describe(feature.title, () => feature.define(featureContext(major, feature, () => instance)));
		}
	});
}

/**
 * @param {1 | 2} major
 * @param {Feature} feature
 * @param {() => import('../scripts/lib/index.mjs').N8nInstance | undefined} getInstance
 * @returns {FeatureContext}
 */
function featureContext(major, feature, getInstance) {
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
	return await Promise.all(
		files.map(async (file) => {
			const module = await import(pathToFileURL(join(FEATURES_DIR, file)).href);
			const feature = /** @type {Feature | undefined} */ (module.default);
			if (!feature || typeof feature.define !== 'function') {
				throw new Error(`e2e/features/${file} must export default defineFeature(title, define).`);
			}
			return feature;
		}),
	);
}
