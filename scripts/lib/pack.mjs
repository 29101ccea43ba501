// @ts-check
// Packs n8n-nodes-osvi the way it is published, for installing into a real n8n with `installPackage()`.
// Our .npmrc sets ignore-scripts (for n8n-workflow's isolated-vm), which also skips the `prepack` build:
// so the build runs here explicitly, then `npm pack`.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, log, runCommand } from './cache.mjs';

export const PROJECT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Builds (`npm run build`, unless build is false) and packs the project; resolves with the tarball's path.
 * @param {{ projectDir?: string, outDir?: string, build?: boolean }} [options]
 *   outDir: where the .tgz goes (a new temporary folder by default)
 * @returns {Promise<string>}
 */
export async function packProject(options = {}) {
	const projectDir = options.projectDir ?? PROJECT_DIR;
	const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), 'osvi-pack-'));
	mkdirSync(outDir, { recursive: true });
	if (options.build ?? true) {
		log(`npm run build in ${projectDir}`);
		await runCommand('npm', ['run', 'build'], { cwd: projectDir, env: cleanEnv() });
	}
	const { stdout } = await runCommand(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', outDir],
		{ cwd: projectDir, env: cleanEnv() },
	);
	const [{ filename, entryCount }] = JSON.parse(stdout);
	const tarball = join(outDir, filename);
	log(`packed ${tarball} (${entryCount} files)`);
	return tarball;
}
