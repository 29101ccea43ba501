// @ts-check
// The package as npm publishes it: the tarball a check is handed, or one packed for it, and the files inside.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packPackage } from '../lib/index.mjs';

/** @typedef {{ path: string, bytes: number }} PackedFile  path: relative to the package root, with `/` */

/**
 * The tarball named on the command line, or else a new one packed into a temporary folder that `dispose` removes:
 * built first (our .npmrc skips `prepack`), unless the argument is `--built` (`npm test` has just built dist/).
 * @param {string | undefined} argument
 * @returns {Promise<{ tarball: string, dispose: () => void }>}
 */
export async function tarballFromArgument(argument) {
	if (argument && argument !== '--built') return { tarball: resolve(argument), dispose: () => {} };
	const outDir = mkdtempSync(join(tmpdir(), 'osvi-release-pack-'));
	const tarball = await packPackage({ build: argument !== '--built', outDir });
	return { tarball, dispose: () => rmSync(outDir, { recursive: true, force: true }) };
}

/**
 * Unpacks a tarball made by `npm pack` into a temporary folder, hands `use` the package root (the tarball's
 * `package/` folder) and removes the folder afterwards.
 * @template T
 * @param {string} tarball
 * @param {(packageDir: string) => T | Promise<T>} use
 * @returns {Promise<T>}
 */
export async function withUnpackedTarball(tarball, use) {
	const packageDir = mkdtempSync(join(tmpdir(), 'osvi-release-unpacked-'));
	try {
		execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], {
			stdio: 'pipe',
		});
		return await use(packageDir);
	} finally {
		rmSync(packageDir, { recursive: true, force: true });
	}
}

/**
 * Every file under a folder, sorted by path.
 * @param {string} dir
 * @returns {PackedFile[]}
 */
export function listFiles(dir) {
	return readdirSync(dir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => {
			const absolute = join(entry.parentPath, entry.name);
			return {
				path: absolute
					.slice(dir.length + 1)
					.split('\\')
					.join('/'),
				bytes: statSync(absolute).size,
			};
		})
		.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Sizes the way npm prints them (1 kB = 1000 bytes).
 * @param {number} bytes
 */
export function formatBytes(bytes) {
	return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`;
}
