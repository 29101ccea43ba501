// @ts-check
// Runs n8n's community-package scanner (@n8n/scan-community-package, the analysis n8n runs before it verifies a
// package: its rules, inline eslint-disable ignored) over what it lints once a version is published: the source
// (package.json, nodes/, credentials/) and the packed tarball. Its registry and provenance steps need a published
// version, so they run only in n8n's own verification.
//   node scripts/release/check-scanner.mjs [tarball]   (without one: build and pack first)
import { basename, sep } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';
import { PROJECT_DIR } from '../lib/index.mjs';
import { tarballFromArgument, withUnpackedTarball } from './tarball.mjs';

// Loading the scanner makes a temporary folder for the downloads it does only for published packages: its own
// copy of `tmp` removes it when the process exits.
/** @type {{ setGracefulCleanup(): void }} */ (
	createRequire(
		fileURLToPath(import.meta.resolve('@n8n/scan-community-package/scanner/scanner.mjs')),
	)('tmp')
).setGracefulCleanup();

/** What the scanner lints in a published tarball (`analyzePackageByName`, which keeps this list inline). */
export const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

/**
 * @typedef {{ label: string, passed: boolean, report: string }} ScanResult
 *   report: the scanner's message and ESLint's report, paths relative to the scanned folder
 */

/**
 * Scans a source tree the way the scanner scans a package's attested source.
 * @param {string} [projectDir]
 * @returns {Promise<ScanResult>}
 */
export async function scanSource(projectDir = PROJECT_DIR) {
	const result = await analyzePackage(projectDir, SOURCE_FILE_PATTERNS);
	return toScanResult('source (package.json, nodes/, credentials/)', projectDir, result);
}

/**
 * Scans an `npm pack` tarball the way the scanner scans the published one.
 * @param {string} tarball
 * @returns {Promise<ScanResult>}
 */
export async function scanTarball(tarball) {
	return withUnpackedTarball(tarball, async (packageDir) =>
		toScanResult(
			`tarball ${basename(tarball)} (*.js, package.json)`,
			packageDir,
			await analyzePackage(packageDir, TARBALL_FILE_PATTERNS),
		),
	);
}

/**
 * @param {string} label
 * @param {string} dir
 * @param {import('@n8n/scan-community-package/scanner/scanner.mjs').AnalysisResult} result
 * @returns {ScanResult}
 */
function toScanResult(label, dir, { passed, message, details }) {
	const report = stripVTControlCharacters([message, details].filter(Boolean).join('\n'))
		.split(dir + sep)
		.join('');
	// The scanner passes a folder where it found nothing to lint; here that means a wrong folder or pattern.
	if (passed && message === 'No files found to analyze') return { label, passed: false, report };
	return { label, passed, report };
}

async function main() {
	const { tarball, dispose } = await tarballFromArgument(process.argv[2]);
	try {
		const results = [await scanSource(), await scanTarball(tarball)];
		for (const { label, passed, report } of results) {
			console.log(`n8n community-package scanner, ${label}: ${passed ? 'passed' : 'FAILED'}`);
			if (!passed) console.log(report);
		}
		if (results.some((result) => !result.passed)) process.exitCode = 1;
	} finally {
		dispose();
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
