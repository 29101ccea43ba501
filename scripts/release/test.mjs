// @ts-check
// `npm run test:release`: the release checks on this repository and its tarball (packed once, after a build), then
// the checks' own tests, which break copies of both to show that each check fails when it should.
//   node scripts/release/test.mjs [tarball | --built]   (a tarball packed from this checkout skips build and pack;
//   --built packs the dist/ that was just built)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tarballFromArgument } from './tarball.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * Runs a Node.js script with this process's output; resolves with whether it succeeded.
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function runNode(args, env = process.env) {
	return spawnSync(process.execPath, args, { stdio: 'inherit', env }).status === 0;
}

const { tarball, dispose } = await tarballFromArgument(process.argv[2]);
try {
	const checks = [
		['check:workflows', 'check-workflows.mjs'],
		['check:pack', 'check-pack.mjs', tarball],
		['check:scanner', 'check-scanner.mjs', tarball],
	];
	const failedChecks = checks
		.filter(([, script, ...args]) => !runNode([join(HERE, script), ...args]))
		.map(([name]) => name);

	const testFiles = readdirSync(HERE)
		.filter((name) => name.endsWith('.test.mjs'))
		.sort()
		.map((name) => join(HERE, name));
	const testsPassed = runNode(['--test', '--test-reporter=spec', ...testFiles], {
		...process.env,
		OSVI_RELEASE_TARBALL: tarball,
	});

	if (failedChecks.length > 0) console.error(`release checks failed: ${failedChecks.join(', ')}`);
	if (failedChecks.length > 0 || !testsPassed) process.exitCode = 1;
} finally {
	dispose();
}
