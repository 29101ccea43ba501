// @ts-check
// Debian packages the tooling needs beyond Node (PostgreSQL and Redis for n8n's queue mode, Chromium for the
// editor tests), installed on first use from Debian's own repositories, the only ones this project can reach.
// As root (our machines) apt-get runs directly; elsewhere (GitHub's runners) through passwordless sudo.
import { log, runCommand } from './cache.mjs';

/**
 * Whether a Debian package is installed.
 * @param {string} name
 */
async function isInstalled(name) {
	const result = await runCommand('dpkg-query', ['-W', '-f=${Status}', name], { allowFailure: true });
	return result.code === 0 && result.stdout.includes('install ok installed');
}

/**
 * apt-get as root: directly when we are root, else through `sudo -n` (fails fast instead of asking for a password).
 * @param {string[]} args
 * @param {string} heartbeat
 */
async function aptGet(args, heartbeat) {
	const asRoot = process.getuid?.() === 0;
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const [command, commandArgs] = asRoot
		? ['apt-get', args]
		: ['sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]];
	await runCommand(command, commandArgs, { env, heartbeat, timeoutMs: 15 * 60_000 });
}

/**
 * Installs the Debian packages that are missing (one `apt-get update`, one `apt-get install`); a no-op when all are
 * there. Throws with apt's own output when they cannot be installed.
 * @param {string[]} names
 */
export async function ensureDebianPackages(names) {
	const missing = [];
	for (const name of names) if (!(await isInstalled(name))) missing.push(name);
	if (missing.length === 0) return;
	log(`installing Debian packages: ${missing.join(', ')} (once per machine)`);
	await aptGet(['update'], 'apt-get update');
	await aptGet(['install', '-y', '--no-install-recommends', ...missing], `apt-get install ${missing.join(' ')}`);
}
