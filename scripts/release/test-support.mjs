// @ts-check
// What the release checks' tests share: the one tarball of a test run, and broken copies of it or of the sources.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { PROJECT_DIR } from '../lib/index.mjs';
import { tarballFromArgument } from './tarball.mjs';

/**
 * The tarball under test: `OSVI_RELEASE_TARBALL` (set by scripts/release/test.mjs, which packs once for all test
 * files), or else one built and packed for this file and removed after it.
 * @returns {Promise<string>}
 */
export async function releaseTarball() {
	const { tarball, dispose } = await tarballFromArgument(process.env.OSVI_RELEASE_TARBALL);
	after(dispose);
	return tarball;
}

/**
 * A new temporary folder, removed after the test file.
 * @param {string} prefix
 */
export function scratchDir(prefix) {
	const dir = mkdtempSync(join(tmpdir(), `osvi-release-${prefix}-`));
	after(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/**
 * Copies what the scanner lints in the sources (package.json, nodes/, credentials/) into a scratch folder.
 * @returns {string} the copy's root
 */
export function copySources() {
	const dir = scratchDir('sources');
	for (const entry of ['package.json', 'nodes', 'credentials']) {
		cpSync(join(PROJECT_DIR, entry), join(dir, entry), { recursive: true });
	}
	return dir;
}

/**
 * Unpacks a tarball for editing, then packs the edited folder again the way npm lays a tarball out (`package/…`).
 * @param {string} tarball
 * @param {(packageDir: string) => void} edit
 * @returns {string} the new tarball's path
 */
export function editTarball(tarball, edit) {
	const dir = scratchDir('edited');
	execFileSync('tar', ['-xzf', tarball, '-C', dir]);
	edit(join(dir, 'package'));
	const edited = join(dir, 'edited.tgz');
	execFileSync('tar', ['-czf', edited, '-C', dir, 'package']);
	return edited;
}
