// @ts-check
// Shared plumbing for the scripts that install and drive a real n8n: the cache folder, progress lines,
// child commands with a clear failure message, and "install once" folders that survive interruption.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Marker written last into a finished install; a folder without it is never trusted. */
const COMPLETE_MARKER = '.osvi-install-complete';

/** Root of everything the e2e tooling caches: `$OSVI_CACHE_DIR`, else `~/.cache/n8n-nodes-osvi`. */
export function cacheRoot() {
	const root = process.env.OSVI_CACHE_DIR || join(homedir(), '.cache', 'n8n-nodes-osvi');
	mkdirSync(root, { recursive: true });
	return root;
}

/**
 * Progress line on stderr, so a newcomer sees what is slow and stdout stays parseable.
 * @param {string} message
 */
export function log(message) {
	if (process.env.OSVI_E2E_QUIET === '1') return;
	const time = new Date().toISOString().slice(11, 19);
	process.stderr.write(`[osvi ${time}] ${message}\n`);
}

/**
 * What `npm run` exports from the project (`npm_config_ignore_scripts=true` from our .npmrc would silently turn
 * `npm rebuild` into a no-op; its prefix would point npm at the repository) and any n8n settings of the
 * developer's own shell, which would leak into the isolated instance. Registry, cache and proxy settings stay.
 */
const INHERITED_BUT_HARMFUL =
	/^(npm_lifecycle_|npm_package_|npm_config_(ignore_scripts|nodedir|local_prefix|prefix|global_prefix)$|npm_command$|N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|NODE_OPTIONS$|NODE_ENV$)/i;

/**
 * Environment for child npm/n8n processes: the caller's, without the settings above.
 * @param {Record<string, string | undefined>} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
export function cleanEnv(extra = {}) {
	/** @type {NodeJS.ProcessEnv} */
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (INHERITED_BUT_HARMFUL.test(key)) continue;
		env[key] = value;
	}
	for (const [key, value] of Object.entries(extra)) {
		if (value === undefined) delete env[key];
		else env[key] = value;
	}
	return env;
}

/**
 * Runs a command to completion and resolves with its output; rejects with the command line, exit code and the
 * tail of its output when it fails.
 * @param {string} command
 * @param {string[]} args
 * `heartbeat` names the step in a progress line every 30 s, for steps that are silent for minutes.
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, allowFailure?: boolean, timeoutMs?: number, heartbeat?: string }} [options]
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }>}
 */
export function runCommand(command, args, options = {}) {
	const { cwd, env = cleanEnv(), allowFailure = false, timeoutMs = 0, heartbeat } = options;
	const started = Date.now();
	const ticker = heartbeat
		? setInterval(
				() => log(`  … ${heartbeat} (${Math.round((Date.now() - started) / 1000)} s so far)`),
				30_000,
			).unref()
		: undefined;
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
		const timer =
			timeoutMs > 0 ? setTimeout(() => child.kill('SIGKILL'), timeoutMs).unref() : undefined;
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			if (ticker) clearInterval(ticker);
			reject(new Error(`Could not start ${command}: ${error.message}`));
		});
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			if (ticker) clearInterval(ticker);
			if (code === 0 || allowFailure) {
				resolve({ code, signal, stdout, stderr });
				return;
			}
			const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
			reject(
				new Error(
					`Command failed (${signal ?? `exit ${code}`}) in ${cwd ?? process.cwd()}:\n` +
						`  ${[command, ...args].join(' ')}\n--- last output ---\n${tail}`,
				),
			);
		});
	});
}

/**
 * Makes `finalDir` exist exactly once. `build(tempDir)` fills a fresh sibling folder; only a build that finished
 * is renamed into place, so an interrupted run leaves no half-installed tree behind, and two concurrent runs
 * both end up using whichever finished first.
 * @param {string} finalDir
 * @param {(tempDir: string) => Promise<void>} build
 * @returns {Promise<{ dir: string, installed: boolean }>}
 */
export async function installOnce(finalDir, build) {
	if (existsSync(join(finalDir, COMPLETE_MARKER))) return { dir: finalDir, installed: false };
	removeStaleTempDirs(finalDir);
	// A folder without the marker can only come from an older, non-atomic layout: rebuild it.
	if (existsSync(finalDir)) rmSync(finalDir, { recursive: true, force: true });

	const tempDir = `${finalDir}.tmp-${process.pid}-${Date.now()}`;
	mkdirSync(tempDir, { recursive: true });
	try {
		await build(tempDir);
		writeFileSync(join(tempDir, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
		try {
			renameSync(tempDir, finalDir);
		} catch (error) {
			// Another run finished first; its copy is as good as ours.
			if (!existsSync(join(finalDir, COMPLETE_MARKER))) throw error;
			rmSync(tempDir, { recursive: true, force: true });
			return { dir: finalDir, installed: false };
		}
	} catch (error) {
		rmSync(tempDir, { recursive: true, force: true });
		throw error;
	}
	return { dir: finalDir, installed: true };
}

/**
 * Removes `<finalDir>.tmp-<pid>-*` folders left by runs that were killed (their process no longer exists).
 * @param {string} finalDir
 */
function removeStaleTempDirs(finalDir) {
	const parent = join(finalDir, '..');
	const base = finalDir.slice(parent.length + 1);
	if (!existsSync(parent)) return;
	for (const name of readdirSync(parent)) {
		const match = name.startsWith(`${base}.tmp-`) && /^(\d+)-/.exec(name.slice(base.length + 5));
		if (!match) continue;
		const pid = Number(match[1]);
		if (pid !== process.pid && isAlive(pid)) continue;
		log(`removing an interrupted install: ${join(parent, name)}`);
		rmSync(join(parent, name), { recursive: true, force: true });
	}
}

/** @param {number} pid */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
}
