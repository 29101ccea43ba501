// @ts-check
// Checks that the tarball npm publishes holds what n8n loads and nothing else, and prints its size.
//   node scripts/release/check-pack.mjs [tarball]   (without one: build and pack first)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_DIR } from '../lib/index.mjs';
import { formatBytes, listFiles, tarballFromArgument, withUnpackedTarball } from './tarball.mjs';

/** Files besides the build that belong in the package (npm adds README and LICENSE by itself). */
export const PACKAGE_DOCUMENTS = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'];

/** What n8n loads from the build: compiled nodes and credentials, their codex files and their icons. */
const BUILD_OUTPUT_N8N_LOADS = /^dist\/(nodes|credentials)\/.+\.(js|node\.json|svg|png)$/;

/** An icon as n8n names it in a node or credential (`'file:osvi.svg'`), relative to the compiled file. */
const ICON_REFERENCE = /["']file:([^"']+)["']/g;

/**
 * @typedef {object} PackReport
 * @property {string} tarball
 * @property {number} tarballBytes
 * @property {number} unpackedBytes
 * @property {import('./tarball.mjs').PackedFile[]} files
 * @property {string[]} problems  one sentence each, starting with the file concerned
 */

/**
 * Checks a tarball made by `npm pack` against the project it was packed from.
 * @param {string} tarball
 * @param {string} [projectDir]  where each compiled file's source must still exist
 * @returns {Promise<PackReport>}
 */
export async function checkPack(tarball, projectDir = PROJECT_DIR) {
	return withUnpackedTarball(tarball, (packageDir) => {
		const files = listFiles(packageDir);
		const paths = new Set(files.map((file) => file.path));
		/** @type {string[]} */
		const problems = [];

		for (const document of PACKAGE_DOCUMENTS) {
			if (!paths.has(document)) problems.push(`${document}: missing from the package.`);
		}
		for (const { path } of files) {
			if (PACKAGE_DOCUMENTS.includes(path)) continue;
			if (!BUILD_OUTPUT_N8N_LOADS.test(path)) {
				problems.push(`${path}: not something n8n loads.`);
				continue;
			}
			const source = path.slice('dist/'.length).replace(/\.js$/, '.ts');
			if (!existsSync(join(projectDir, source))) {
				problems.push(
					`${path}: built from ${source}, which no longer exists (delete dist/ and build again).`,
				);
			}
		}

		const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
		problems.push(...checkN8nSection(manifest.n8n, paths));
		for (const { path } of files.filter((file) => file.path.endsWith('.js'))) {
			const code = readFileSync(join(packageDir, path), 'utf8');
			for (const [, icon] of code.matchAll(ICON_REFERENCE)) {
				const iconPath = posix.join(posix.dirname(path), icon);
				if (!paths.has(iconPath))
					problems.push(`${iconPath}: icon named in ${path}, missing from the package.`);
			}
		}

		return {
			tarball,
			tarballBytes: statSync(tarball).size,
			unpackedBytes: files.reduce((sum, file) => sum + file.bytes, 0),
			files,
			problems,
		};
	});
}

/**
 * Every node and credential that package.json's `n8n` section names, with each node's codex file, is in the package.
 * @param {{ nodes?: unknown, credentials?: unknown } | undefined} n8n
 * @param {Set<string>} paths
 * @returns {string[]}
 */
function checkN8nSection(n8n, paths) {
	/** @type {string[]} */
	const problems = [];
	for (const key of /** @type {const} */ (['nodes', 'credentials'])) {
		const named = n8n?.[key];
		if (!Array.isArray(named) || named.length === 0) {
			problems.push(`package.json: its n8n section names no ${key}.`);
			continue;
		}
		for (const file of named.map((entry) => posix.normalize(String(entry)))) {
			if (!paths.has(file))
				problems.push(`${file}: named in package.json's n8n.${key}, missing from the package.`);
			if (key !== 'nodes') continue;
			const codex = file.replace(/\.js$/, '.json');
			if (!paths.has(codex))
				problems.push(`${codex}: codex file of ${file}, missing from the package.`);
		}
	}
	return problems;
}

async function main() {
	const { tarball, dispose } = await tarballFromArgument(process.argv[2]);
	try {
		const report = await checkPack(tarball);
		console.log(
			`${basename(report.tarball)}: ${formatBytes(report.tarballBytes)} packed, ` +
				`${formatBytes(report.unpackedBytes)} unpacked, ${report.files.length} files`,
		);
		if (report.problems.length === 0) return;
		for (const problem of report.problems) console.error(problem);
		console.error(
			`npm pack: ${report.problems.length} problem(s) in ${basename(report.tarball)}. The package holds the ` +
				`compiled nodes and credentials with their codex files and icons, and ${PACKAGE_DOCUMENTS.join(', ')}; ` +
				`package.json's "files" decides what goes in.`,
		);
		process.exitCode = 1;
	} finally {
		dispose();
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
