// @ts-check
// Runs one n8n command in a process group of its own and makes sure that group dies with it.
//   node watchdog.mjs <grace-ms> <pid-file> <command> [args…]
// The pid file receives the command's pid (= its process group id), for a caller's last-resort SIGKILL.
// Its standard input is a pipe from the process that started it. When that pipe closes (the parent exited,
// even through SIGKILL) or when the watchdog gets SIGTERM/SIGINT, it sends SIGTERM to the whole group (n8n and
// its task runner), then SIGKILL after the grace period. It exits with the command's exit code.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { constants } from 'node:os';

const [graceArg, pidFile, command, ...args] = process.argv.slice(2);
const graceMs = Number(graceArg);
if (!command || !pidFile || !Number.isFinite(graceMs)) {
	process.stderr.write('usage: node watchdog.mjs <grace-ms> <pid-file> <command> [args…]\n');
	process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
if (child.pid !== undefined) writeFileSync(pidFile, String(child.pid));
let exited = false;
/** @type {NodeJS.Timeout | undefined} */
let killTimer;

/** @param {NodeJS.Signals} signal */
function signalGroup(signal) {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		// The group is already gone.
	}
}

function shutDown() {
	if (killTimer) return;
	signalGroup('SIGTERM');
	killTimer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
}

process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
process.on('SIGHUP', shutDown);
process.stdin.on('end', shutDown);
process.stdin.on('error', shutDown);
process.stdin.resume();

child.on('error', (error) => {
	process.stderr.write(`watchdog: could not start ${command}: ${error.message}\n`);
	process.exit(127);
});
child.on('exit', (code, signal) => {
	if (exited) return;
	exited = true;
	// Whatever n8n left behind in its group (a task runner) goes with it.
	signalGroup('SIGKILL');
	if (killTimer) clearTimeout(killTimer);
	process.exit(code ?? 128 + (signal ? (constants.signals[signal] ?? 1) : 1));
});
