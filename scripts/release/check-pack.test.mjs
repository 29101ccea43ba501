// @ts-check
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkPack } from './check-pack.mjs';
import { editTarball, releaseTarball } from './test-support.mjs';

const CHECK_PACK = fileURLToPath(new URL('./check-pack.mjs', import.meta.url));

const tarball = await releaseTarball();
const { problems: baseline } = await checkPack(tarball);

/**
 * The problems the check finds in an edited copy of the tarball beyond those it finds in the tarball itself.
 * @param {(packageDir: string) => void} edit
 */
async function newProblems(edit) {
	const { problems } = await checkPack(editTarball(tarball, edit));
	assert.deepEqual(
		baseline.filter((problem) => !problems.includes(problem)),
		[],
		'an edit only adds problems',
	);
	return problems.filter((problem) => !baseline.includes(problem));
}

/**
 * @param {string} packageDir
 * @param {string} path
 */
function addFile(packageDir, path) {
	mkdirSync(dirname(join(packageDir, path)), { recursive: true });
	writeFileSync(join(packageDir, path), 'x');
}

/**
 * @param {string} packageDir
 * @returns {{ nodes: string[], credentials: string[] }}
 */
function n8nSection(packageDir) {
	return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).n8n;
}

describe('the pack check', () => {
	it('names each file n8n does not load: a source, a test, a source map, a lockfile of an e2e host', async () => {
		const unwanted = [
			'nodes/Osvi/Osvi.node.ts',
			'test/nodes/Osvi/Osvi.node.test.js',
			'dist/nodes/Osvi/Osvi.node.js.map',
			'e2e/hosts/n8n-2/package-lock.json',
		];
		const added = await newProblems((packageDir) =>
			unwanted.forEach((path) => addFile(packageDir, path)),
		);
		assert.deepEqual(
			added.sort(),
			unwanted.map((path) => `${path}: not something n8n loads.`).sort(),
		);
	});

	it('names a compiled file whose source is gone (a dist/ left over from an older build)', async () => {
		const added = await newProblems((packageDir) =>
			addFile(packageDir, 'dist/nodes/Osvi/removed/helper.js'),
		);
		assert.deepEqual(added, [
			'dist/nodes/Osvi/removed/helper.js: built from nodes/Osvi/removed/helper.ts, which no longer exists (delete dist/ and build again).',
		]);
	});

	it('names a node, a codex file and a credential that package.json’s n8n section needs and the package lacks', async () => {
		/** @type {string[]} */
		let expected = [];
		const added = await newProblems((packageDir) => {
			const { nodes, credentials } = n8nSection(packageDir);
			const [node, otherNode] = nodes;
			const codex = otherNode.replace(/\.js$/, '.json');
			for (const path of [node, codex, credentials[0]]) rmSync(join(packageDir, path));
			expected = [
				`${node}: named in package.json's n8n.nodes, missing from the package.`,
				`${codex}: codex file of ${otherNode}, missing from the package.`,
				`${credentials[0]}: named in package.json's n8n.credentials, missing from the package.`,
			];
		});
		assert.deepEqual(added.sort(), expected.sort());
	});

	it('names an icon that a node names and the package lacks', async () => {
		let icon = '';
		let node = '';
		const added = await newProblems((packageDir) => {
			node = n8nSection(packageDir).nodes[0];
			const [, name] = /** @type {RegExpMatchArray} */ (
				readFileSync(join(packageDir, node), 'utf8').match(/["']file:([^"']+)["']/)
			);
			icon = posix.join(posix.dirname(node), name);
			rmSync(join(packageDir, icon));
		});
		assert.ok(
			added.includes(`${icon}: icon named in ${node}, missing from the package.`),
			added.join('\n'),
		);
		assert.deepEqual(
			added.filter((problem) => !problem.startsWith(`${icon}: icon named in `)),
			[],
		);
	});

	it('names a document the package must carry', async () => {
		const added = await newProblems((packageDir) => rmSync(join(packageDir, 'CHANGELOG.md')));
		assert.deepEqual(added, ['CHANGELOG.md: missing from the package.']);
	});

	it('prints the tarball’s size and file count, and exits with 1 naming an unwanted file', () => {
		const edited = editTarball(tarball, (packageDir) => addFile(packageDir, 'sandbox/server.js'));
		const run = spawnSync(process.execPath, [CHECK_PACK, edited], { encoding: 'utf8' });
		assert.equal(run.status, 1);
		assert.match(
			run.stdout,
			/^edited\.tgz: \d+(\.\d)? k?B packed, \d+(\.\d)? k?B unpacked, \d+ files\n$/,
		);
		assert.match(run.stderr, /^sandbox\/server\.js: not something n8n loads\.$/m);
	});
});
