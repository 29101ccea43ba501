// @ts-check
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkWorkflows, WORKFLOWS_DIR, workflowFiles } from './check-workflows.mjs';
import { scratchDir } from './test-support.mjs';

const CHECK_WORKFLOWS = fileURLToPath(new URL('./check-workflows.mjs', import.meta.url));

/**
 * Copies one of the repository's workflows with one line changed; returns the copy and the changed line's number.
 * @param {string} name  a file in .github/workflows
 * @param {string} from  text that occurs exactly once in it
 * @param {string} to
 */
function brokenCopy(name, from, to) {
	const text = readFileSync(join(WORKFLOWS_DIR, name), 'utf8');
	assert.equal(text.split(from).length, 2, `"${from}" occurs once in ${name}`);
	const file = join(scratchDir('workflow'), name);
	writeFileSync(file, text.replace(from, to));
	const line = text.slice(0, text.indexOf(from)).split('\n').length;
	return { file, line };
}

describe('the workflow check (actionlint)', () => {
	it('accepts the repository’s CI and release workflows', async () => {
		const files = workflowFiles();
		assert.deepEqual(
			files.map((file) => basename(file)),
			['ci.yml', 'release.yml'],
		);
		assert.deepEqual(await checkWorkflows(files), []);
	});

	it('rejects a misspelt job key, naming the file, the line and the keys a job may have', async () => {
		const { file, line } = brokenCopy('ci.yml', 'runs-on:', 'runs_on:');
		const problems = await checkWorkflows([file]);
		assert.deepEqual(
			problems.map(({ line, kind, message }) => ({ line, kind, message: message.split('. ')[0] })),
			[
				{
					line: line - 2,
					kind: 'syntax-check',
					message: '"runs-on" section is missing in job "test"',
				},
				{ line, kind: 'syntax-check', message: 'unexpected key "runs_on" for "job" section' },
			],
		);
		assert.equal(problems[1].file, file);
		assert.match(problems[1].message, /expected one of .*"runs-on"/);
	});

	it('rejects an event under on: that GitHub does not have', async () => {
		const { file, line } = brokenCopy('ci.yml', '  pull_request:', '  pull_requests:');
		const problems = await checkWorkflows([file]);
		assert.deepEqual(
			problems.map(({ line, kind, message }) => ({ line, kind, message: message.split('. ')[0] })),
			[{ line, kind: 'events', message: 'unknown Webhook event "pull_requests"' }],
		);
	});

	it('rejects an input that actions/setup-node does not take', async () => {
		const { file } = brokenCopy(
			'release.yml',
			'node-version: 20\n\n      # Trusted publishing',
			'node_version: 20\n\n      # Trusted publishing',
		);
		const problems = await checkWorkflows([file]);
		assert.equal(problems.length, 1);
		assert.equal(problems[0].kind, 'action');
		assert.match(
			problems[0].message,
			/^input "node_version" is not defined in action "actions\/setup-node@v4"/,
		);
	});

	it('exits with 1 from the command line and prints file:line:column for each problem', () => {
		const { file, line } = brokenCopy('ci.yml', '  pull_request:', '  pull_requests:');
		const run = spawnSync(process.execPath, [CHECK_WORKFLOWS, file], {
			cwd: scratchDir('cwd'),
			encoding: 'utf8',
		});
		assert.equal(run.status, 1);
		assert.equal(run.stdout, '');
		const [first, summary] = run.stderr.trimEnd().split('\n');
		assert.match(
			first,
			new RegExp(`ci\\.yml:${line}:3: unknown Webhook event "pull_requests"\\. .* \\[events\\]$`),
		);
		assert.match(summary, /^actionlint: 1 problem\(s\) in .*ci\.yml$/);
	});
});
