// @ts-check
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { scanSource, scanTarball } from './check-scanner.mjs';
import { copySources, editTarball, releaseTarball } from './test-support.mjs';

const tarball = await releaseTarball();

/**
 * The first node package.json names, as its compiled file and its TypeScript source.
 * @param {string} packageJsonFile
 */
function firstNode(packageJsonFile) {
	const compiled = JSON.parse(readFileSync(packageJsonFile, 'utf8')).n8n.nodes[0];
	return { compiled, source: compiled.replace(/^dist\//, '').replace(/\.js$/, '.ts') };
}

/**
 * Appends lines to a file; returns the line number of the first one.
 * @param {string} file
 * @param {string[]} lines
 */
function appendLines(file, lines) {
	const text = readFileSync(file, 'utf8');
	const body = text.endsWith('\n') ? text : `${text}\n`;
	writeFileSync(file, body + lines.map((line) => `${line}\n`).join(''));
	return body.split('\n').length;
}

/**
 * A line of ESLint's report: an error of `rule` at `line`, in the section of `file`.
 * @param {string} file
 * @param {number} line
 * @param {string} rule
 */
function reportedError(file, line, rule) {
	const escape = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	return new RegExp(
		`^${escape(file)}\\n(?:  .*\\n)*?  ${line}:\\d+ +error .*  ${escape(rule)}$`,
		'm',
	);
}

describe('n8n’s community-package scanner', () => {
	it('fails on a setTimeout in a node’s source, naming the file, line and rule, even under an inline eslint-disable', async () => {
		const sources = copySources();
		const node = firstNode(join(sources, 'package.json'));
		const commentLine = appendLines(join(sources, node.source), [
			'// eslint-disable-next-line @n8n/community-nodes/no-restricted-globals',
			'export const wait = (): unknown => setTimeout(() => undefined, 1);',
		]);

		const result = await scanSource(sources);

		assert.equal(result.passed, false);
		assert.match(
			result.report,
			reportedError(node.source, commentLine + 1, '@n8n/community-nodes/no-restricted-globals'),
		);
		assert.match(result.report, /Use of restricted global 'setTimeout' is not allowed/);
	});

	it('fails on a setTimeout in the tarball’s compiled node, naming the file, line and rule', async () => {
		/** @type {{ compiled: string, source: string } | undefined} */
		let node;
		let line = 0;
		const edited = editTarball(tarball, (packageDir) => {
			node = firstNode(join(packageDir, 'package.json'));
			line = appendLines(join(packageDir, node.compiled), ['setTimeout(() => undefined, 1);']);
		});

		const result = await scanTarball(edited);

		assert.equal(result.passed, false);
		assert.ok(node);
		assert.match(
			result.report,
			reportedError(node.compiled, line, '@n8n/community-nodes/no-restricted-globals'),
		);
	});

	it('fails on a runtime dependency in the tarball’s package.json', async () => {
		const edited = editTarball(tarball, (packageDir) => {
			const file = join(packageDir, 'package.json');
			const manifest = JSON.parse(readFileSync(file, 'utf8'));
			writeFileSync(
				file,
				JSON.stringify({ ...manifest, dependencies: { axios: '1.18.0' } }, null, 2),
			);
		});

		const result = await scanTarball(edited);

		assert.equal(result.passed, false);
		assert.match(
			result.report,
			/^package\.json\n(?: {2}.*\n)*? {2}\d+:\d+ +error .*@n8n\/community-nodes\/no-runtime-dependencies$/m,
		);
	});
});
