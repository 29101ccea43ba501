// @ts-check
// This repository as the tooling uses it: the package built and packed the way it is published, the OSVI sandbox
// compiled and loaded, and the shipped example workflows.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, log, runCommand } from './cache.mjs';

export const PROJECT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** @typedef {typeof import('../../sandbox/server.js')} SandboxModule */
/** @typedef {import('../../sandbox/server.js').Sandbox} Sandbox */
/** @typedef {import('../../sandbox/server.js').SandboxOptions} SandboxOptions */

/** `npm run build`: the package's own build into dist/. */
export async function buildPackage() {
	log('npm run build');
	await runCommand('npm', ['run', 'build'], { cwd: PROJECT_DIR, env: cleanEnv() });
}

/**
 * Packs dist/ as `npm pack` publishes it and resolves with the tarball's path. `build` runs `npm run build`
 * first; without it, dist/ must be built already (`npm test` builds once, before jest and the end-to-end suite).
 * Our .npmrc sets ignore-scripts, which also skips `prepack`: so the build is a separate, explicit step.
 * @param {{ build?: boolean, outDir?: string }} [options]  outDir: where the .tgz goes (by default a temporary folder
 *   that is removed when this process ends)
 * @returns {Promise<string>}
 */
export async function packPackage(options = {}) {
	if (options.build) await buildPackage();
	else warnIfStale();
	const outDir = options.outDir ?? temporaryPackDir();
	mkdirSync(outDir, { recursive: true });
	const { stdout } = await runCommand(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', outDir],
		{ cwd: PROJECT_DIR, env: cleanEnv() },
	);
	const [{ filename, entryCount }] = /** @type {Array<{ filename: string, entryCount: number }>} */ (
		JSON.parse(stdout)
	);
	const tarball = join(outDir, filename);
	log(`packed ${tarball} (${entryCount} files)`);
	return tarball;
}

/** @type {string[]} */
const packDirs = [];

/** A folder for one tarball, removed when this process ends (by then n8n has installed it). */
function temporaryPackDir() {
	const dir = mkdtempSync(join(tmpdir(), 'osvi-pack-'));
	if (packDirs.length === 0) {
		process.on('exit', () => {
			for (const folder of packDirs) rmSync(folder, { recursive: true, force: true });
		});
	}
	packDirs.push(dir);
	return dir;
}

/** A tarball of an older dist/ would test yesterday's code: say so loudly (sources change while tests run). */
function warnIfStale() {
	const dist = join(PROJECT_DIR, 'dist');
	if (!existsSync(dist)) {
		throw new Error('dist/ does not exist: run `npm run build` first (or `npm run test:e2e`, which builds).');
	}
	const built = newestMtime(dist);
	const sources = Math.max(newestMtime(join(PROJECT_DIR, 'nodes')), newestMtime(join(PROJECT_DIR, 'credentials')));
	if (sources > built) {
		log('WARNING: nodes/ or credentials/ changed after the last build: this tests the older dist/ (npm run build)');
	}
}

/** @param {string} dir */
function newestMtime(dir) {
	let newest = 0;
	if (!existsSync(dir)) return newest;
	for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile()) continue;
		newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
	}
	return newest;
}

/** @type {Promise<SandboxModule> | undefined} */
let sandboxModule;

/**
 * Compiles the OSVI sandbox (`tsc -p tsconfig.sandbox.json` into build/sandbox/, incremental: a second compile
 * of unchanged sources takes a moment) and loads it, once per process.
 * @returns {Promise<SandboxModule>}
 */
export function loadSandbox() {
	sandboxModule ??= compileSandbox().catch((error) => {
		sandboxModule = undefined;
		throw error;
	});
	return sandboxModule;
}

async function compileSandbox() {
	log('compiling the OSVI sandbox (tsc -p tsconfig.sandbox.json)');
	await runCommand(
		process.execPath,
		[
			join(PROJECT_DIR, 'node_modules', 'typescript', 'bin', 'tsc'),
			'-p',
			'tsconfig.sandbox.json',
			'--incremental',
			'--tsBuildInfoFile',
			join(PROJECT_DIR, 'build', 'sandbox.tsbuildinfo'),
		],
		{ cwd: PROJECT_DIR, env: cleanEnv() },
	);
	return /** @type {SandboxModule} */ (
		createRequire(import.meta.url)(join(PROJECT_DIR, 'build', 'sandbox', 'server.js'))
	);
}

/**
 * Compiles (once per process) and starts an OSVI sandbox.
 * @param {SandboxOptions} [options]
 * @returns {Promise<Sandbox>}
 */
export async function startSandbox(options) {
	const { startSandbox: start } = await loadSandbox();
	return await start(options);
}

/**
 * A shipped example workflow from examples/, as users import it.
 * @param {string} name  its file name without .json, e.g. 'react-to-finished-calls'
 * @returns {import('./workflows.mjs').WorkflowJson}
 */
export function example(name) {
	const file = join(PROJECT_DIR, 'examples', `${name}.json`);
	if (!existsSync(file)) throw new Error(`No example workflow examples/${name}.json`);
	return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Every shipped example workflow, by file name.
 * @returns {import('./workflows.mjs').WorkflowJson[]}
 */
export function allExamples() {
	return readdirSync(join(PROJECT_DIR, 'examples'))
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(readFileSync(join(PROJECT_DIR, 'examples', file), 'utf8')));
}
