// @ts-check
// Installs a real, unmodified n8n from the committed host packages in e2e/hosts/ into the cache, once per
// version and lockfile. The traps this works around are described in the recipe (shared real-n8n.md):
// - `npm ci` rejects these lockfiles (optional packages for other platforms are missing from the registry);
// - install scripts must be off (a Kafka client's script downloads binaries, fails, and npm rolls everything back),
//   so the native modules n8n really needs are rebuilt afterwards, explicitly;
// - n8n 2.x needs Node 24, and its native modules must be built against Node 24's headers.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot, cleanEnv, installOnce, log, runCommand } from './cache.mjs';
import { ensureNode24, NODE24_VERSION } from './node24.mjs';

const HOSTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'e2e', 'hosts');

/** Bump when the install steps below change, so caches built the old way are not reused. */
const RECIPE_VERSION = '1';

/**
 * @typedef {object} N8nInstall
 * @property {1 | 2} major
 * @property {string} version        exact n8n version, e.g. '2.41.1'
 * @property {string} dir            the host package folder in the cache (holds node_modules/n8n)
 * @property {string} n8nBin         node_modules/n8n/bin/n8n, to be run as `nodePath n8nBin …`
 * @property {string} nodePath       the Node binary n8n must run on (Node 24 for 2.x, this Node for 1.x)
 * @property {string} nodeVersion    e.g. 'v24.21.0'
 * @property {Record<string, string>} env  what n8n's processes need on top of the caller's environment
 */

/** @type {Map<number, Promise<N8nInstall>>} */
const pending = new Map();

/**
 * Installs n8n 1.x or 2.x into `<cache>/n8n-<version>-<hash>` the first time (minutes), then returns at once.
 * @param {1 | 2} major
 * @returns {Promise<N8nInstall>}
 */
export function ensureN8n(major) {
	if (major !== 1 && major !== 2)
		throw new Error(`ensureN8n(major): major must be 1 or 2, got ${major}`);
	let promise = pending.get(major);
	if (!promise) {
		promise = install(major);
		promise.catch(() => pending.delete(major));
		pending.set(major, promise);
	}
	return promise;
}

/** @param {1 | 2} major */
async function install(major) {
	const hostDir = join(HOSTS_DIR, `n8n-${major}`);
	const manifestText = readFileSync(join(hostDir, 'package.json'), 'utf8');
	const lockText = readFileSync(join(hostDir, 'package-lock.json'), 'utf8');
	const version = /** @type {{ dependencies: Record<string, string> }} */ (JSON.parse(manifestText))
		.dependencies.n8n;
	const runtime = await runtimeFor(major);
	const hash = createHash('sha256')
		.update(`${RECIPE_VERSION}\0${manifestText}\0${lockText}`)
		.digest('hex')
		.slice(0, 12);
	const finalDir = join(cacheRoot(), `n8n-${version}-${hash}`);
	const n8nBin = join(finalDir, 'node_modules', 'n8n', 'bin', 'n8n');

	const started = Date.now();
	const { installed } = await installOnce(finalDir, async (tempDir) => {
		log(`installing n8n ${version} into ${finalDir} (once; about 3–5 minutes and 1.5–3 GB)`);
		copyFileSync(join(hostDir, 'package.json'), join(tempDir, 'package.json'));
		copyFileSync(join(hostDir, 'package-lock.json'), join(tempDir, 'package-lock.json'));
		const env = cleanEnv(runtime.env);

		let step = Date.now();
		log(`  npm install --ignore-scripts (downloads ~${major === 2 ? 2400 : 1900} packages)`);
		await runCommand('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
			cwd: tempDir,
			env,
			heartbeat: `npm install of n8n ${version}`,
		});
		log(`  npm install done in ${seconds(step)}`);

		// sqlite3 finds no reachable prebuilt binary and compiles from source (~90 s, needs python3, make, g++).
		// isolated-vm (2.x) ships prebuilt binaries for Node 24; the rebuild just selects them.
		const natives = major === 2 ? ['sqlite3', 'isolated-vm'] : ['sqlite3'];
		step = Date.now();
		log(
			`  npm rebuild ${natives.join(' ')} on Node ${runtime.nodeVersion} (sqlite3 compiles from source)`,
		);
		await runCommand(
			'npm',
			['rebuild', ...natives, '--ignore-scripts=false', '--foreground-scripts'],
			{
				cwd: tempDir,
				env,
				heartbeat: `building ${natives.join(' and ')}`,
			},
		);
		log(`  rebuild done in ${seconds(step)}`);

		// Load the native modules with the Node that will run n8n: a wrong ABI shows up now, not mid-test.
		const check = natives.map((name) => `require(${JSON.stringify(name)});`).join('');
		await runCommand(runtime.nodePath, ['-e', check], { cwd: tempDir, env });
		const { stdout } = await runCommand(
			runtime.nodePath,
			[join(tempDir, 'node_modules', 'n8n', 'bin', 'n8n'), '--version'],
			{ cwd: tempDir, env: cleanEnv({ ...runtime.env, N8N_USER_FOLDER: tempDir }) },
		);
		if (!stdout.includes(version)) {
			throw new Error(`The installed n8n reports "${stdout.trim()}", expected ${version}.`);
		}
		rmSync(join(tempDir, '.n8n'), { recursive: true, force: true });
	});
	if (installed) {
		log(`n8n ${version} installed in ${seconds(started)}`);
		pruneOtherInstalls(version, finalDir);
	}

	return {
		major,
		version,
		dir: finalDir,
		n8nBin,
		nodePath: runtime.nodePath,
		nodeVersion: runtime.nodeVersion,
		env: runtime.env,
	};
}

/**
 * Which Node runs n8n, and the environment that goes with it.
 * @param {1 | 2} major
 */
async function runtimeFor(major) {
	if (major === 2) {
		const node24 = await ensureNode24();
		return {
			nodePath: node24.nodePath,
			nodeVersion: `v${NODE24_VERSION}`,
			env: {
				// First on PATH: npm's scripts and n8n's task runner start `node` by name.
				PATH: `${node24.binDir}${delimiter}${process.env.PATH ?? ''}`,
				// Native rebuilds otherwise use the machine's Node 20 headers (~/.npmrc nodedir).
				npm_config_nodedir: node24.nodedir,
			},
		};
	}
	const nodeMajor = Number(process.versions.node.split('.')[0]);
	/** @type {Record<string, string>} */
	const env = {
		PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
	};
	// n8n 1.x's expression engine uses isolated-vm, whose prebuilt binaries start at Node 22.
	if (nodeMajor < 22) env.N8N_EXPRESSION_ENGINE = 'legacy';
	return { nodePath: process.execPath, nodeVersion: process.version, env };
}

/**
 * Each install is 1.5–3 GB: drop installs of the same n8n version made from an older lockfile.
 * @param {string} version
 * @param {string} keep
 */
function pruneOtherInstalls(version, keep) {
	const root = cacheRoot();
	for (const name of readdirSync(root)) {
		const dir = join(root, name);
		if (dir === keep || !/^n8n-.+-[0-9a-f]{12}$/.test(name) || !name.startsWith(`n8n-${version}-`))
			continue;
		if (!existsSync(dir)) continue;
		log(`removing an outdated install: ${dir}`);
		rmSync(dir, { recursive: true, force: true });
	}
}

/** @param {number} since */
function seconds(since) {
	return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}
