// @ts-check
// Servers the tooling runs beside n8n (PostgreSQL and Redis for queue mode): each under watchdog.mjs in a process
// group of its own, so that it goes when the process that started it ends, even through SIGKILL. Its output goes
// to a log file that failure messages quote.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from './cache.mjs';

const WATCHDOG = join(dirname(fileURLToPath(import.meta.url)), 'watchdog.mjs');

/**
 * @typedef {object} Service
 * @property {string} name
 * @property {string} logFile
 * @property {() => boolean} running
 * @property {(signal?: NodeJS.Signals) => Promise<void>} stop
 *   sends `signal` (default SIGTERM) to the server itself and waits for it to end; SIGKILL to its group after
 *   the grace period
 * @property {() => void} kill  synchronous SIGKILL to the server's group (last resort at process exit)
 * @property {(lines?: number) => string} logTail
 */

/**
 * Starts `command` under the watchdog. The server must stay in the foreground (no daemonizing).
 * @param {string} name  e.g. 'postgres'
 * @param {string} command
 * @param {string[]} args
 * @param {{ logFile: string, cwd: string, env?: NodeJS.ProcessEnv, graceMs?: number }} options
 * @returns {Service}
 */
export function startService(name, command, args, options) {
	const graceMs = options.graceMs ?? 10_000;
	const pidFile = options.logFile.replace(/\.log$/, '.pid');
	const out = openSync(options.logFile, 'a');
	const child = spawn(process.execPath, [WATCHDOG, String(graceMs), pidFile, command, ...args], {
		cwd: options.cwd,
		env: options.env ?? cleanEnv(),
		stdio: ['pipe', out, out],
		detached: true,
	});
	closeSync(out);
	child.unref();
	/** @type {{ unref?: () => void } | null} */ (child.stdin)?.unref?.();
	/** @type {Promise<number>} */
	const exited = new Promise((resolveExit) => {
		child.once('exit', (code, signal) =>
			resolveExit(code ?? 128 + (signal ? (constants.signals[signal] ?? 1) : 1)),
		);
	});
	let ended = false;
	void exited.then(() => {
		ended = true;
	});
	/** The server's pid, which is also its process group id (the watchdog starts it detached). */
	const serverPid = () => {
		if (!existsSync(pidFile)) return undefined;
		const pid = Number(readFileSync(pidFile, 'utf8'));
		return pid > 0 ? pid : undefined;
	};
	/**
	 * @param {number} pid
	 * @param {NodeJS.Signals} signal
	 */
	const signalTo = (pid, signal) => {
		try {
			process.kill(pid, signal);
		} catch {
			// Already gone.
		}
	};
	return {
		name,
		logFile: options.logFile,
		running: () => !ended,
		async stop(signal = 'SIGTERM') {
			if (ended) return;
			const pid = serverPid();
			if (pid) signalTo(pid, signal);
			else child.kill('SIGTERM');
			/** @type {NodeJS.Timeout | undefined} */
			let timer;
			const timedOut = await Promise.race([
				exited.then(() => false),
				new Promise((resolveTimeout) => {
					timer = setTimeout(() => resolveTimeout(true), graceMs);
				}),
			]);
			clearTimeout(timer);
			if (!timedOut) return;
			if (pid) signalTo(-pid, 'SIGKILL');
			child.kill('SIGKILL');
			await exited;
		},
		kill() {
			if (ended) return;
			const pid = serverPid();
			if (pid) signalTo(-pid, 'SIGKILL');
			try {
				child.kill('SIGKILL');
			} catch {
				// Already gone.
			}
		},
		logTail(lines = 30) {
			if (!existsSync(options.logFile)) return `(no ${name} log)`;
			const text = readFileSync(options.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
			return `--- ${name} log (${options.logFile}) ---\n${text}`;
		},
	};
}

/**
 * Polls `check` every 100 ms until it resolves true; throws with the service's log when the service ends first
 * or `timeoutMs` passes.
 * @param {Service} service
 * @param {() => Promise<boolean>} check
 * @param {number} [timeoutMs]
 */
export async function waitUntilReady(service, check, timeoutMs = 60_000) {
	const started = Date.now();
	for (;;) {
		if (!service.running()) throw new Error(`${service.name} ended before it was ready.\n${service.logTail()}`);
		if (await check()) return;
		if (Date.now() - started > timeoutMs) {
			throw new Error(`${service.name} was not ready within ${timeoutMs} ms.\n${service.logTail()}`);
		}
		await new Promise((resolveSleep) => setTimeout(resolveSleep, 100));
	}
}
