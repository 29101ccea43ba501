// @ts-check
// Shared set-up of the end-to-end suite: our package built and packed once per test run, the OSVI sandbox on
// loopback in this process, and one real, isolated n8n per test file with the package installed from the tarball,
// exactly as users install it. Everything started here is stopped by `dispose()` (and by the runner library's
// exit handlers and watchdog if the process dies first).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, log, runCommand } from '../scripts/lib/cache.mjs';
import { createInstance } from '../scripts/lib/n8n-instance.mjs';
import { PROJECT_DIR, packProject } from '../scripts/lib/pack.mjs';

/** 16 characters like a real OSVI token, and distinctive, so a leak is found by a plain text search. */
export const API_TOKEN = 'E2eTok3nQx7Wz9Lp';
export const WRONG_API_TOKEN = 'WrongTok3nAb12Cd';
export const WEBHOOK_SECRET = 'e2e-Webhook-Secret-4f9c2a';
export const WRONG_WEBHOOK_SECRET = 'e2e-Wrong-Secret-77d1b0';

/** The credential the example workflows reference. */
export const SANDBOX_CREDENTIAL = { id: 'osviSandboxCred01', name: 'OSVI Sandbox' };
export const WRONG_TOKEN_CREDENTIAL = { id: 'osviWrongToken01', name: 'OSVI wrong token' };

/** Short, so a placed call ends (and OSVI's webhook arrives) well within a test. */
export const CALL_DURATION_MS = 300;

/**
 * @typedef {object} E2eEnvironment
 * @property {import('../scripts/lib/n8n-instance.mjs').N8nInstance} instance
 * @property {import('../sandbox/server.js').Sandbox} sandbox
 * @property {() => Promise<void>} dispose
 */

/**
 * Builds and packs the project (once per run), starts the sandbox and creates an n8n instance of `major` with
 * the tarball installed (n8n is installed into the cache on first use: minutes). Nothing runs in n8n yet.
 * @param {1 | 2} major
 * @returns {Promise<E2eEnvironment>}
 */
export async function prepareEnvironment(major) {
	const [tarball, instance] = await Promise.all([buildOnce(), createInstance({ major })]);
	/** @type {import('../sandbox/server.js').Sandbox | undefined} */
	let sandbox;
	const dispose = async () => {
		await instance.dispose();
		await sandbox?.close();
	};
	try {
		const { startSandbox } = createRequire(import.meta.url)(
			join(PROJECT_DIR, 'build', 'sandbox', 'server.js'),
		);
		sandbox = /** @type {import('../sandbox/server.js').Sandbox} */ (
			await startSandbox({ host: '127.0.0.1', token: API_TOKEN, callDurationMs: CALL_DURATION_MS })
		);
		log(
			`n8n ${instance.version} in ${instance.userFolder}, port ${instance.port}; sandbox ${sandbox.url}`,
		);
		await instance.installPackage(tarball);
		return { instance, sandbox, dispose };
	} catch (error) {
		await dispose();
		throw error;
	}
}

/**
 * `npm run build`, `npm pack` and the sandbox's compilation, once per `node --test` run: the first test file
 * does the work into a folder named after the test runner's process, the others reuse it (a file run on its own
 * does it for itself). `OSVI_E2E_TARBALL=<path>` installs that tarball instead of building and packing.
 * @returns {Promise<string>} the tarball's path
 */
async function buildOnce() {
	const runKey = testRunKey();
	const runDir = join(tmpdir(), `osvi-e2e-run-${runKey}`);
	const doneFile = join(runDir, 'tarball.json');
	removeStaleRunDirs(runKey);
	try {
		mkdirSync(runDir);
	} catch (error) {
		if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
		return await waitForFile(doneFile, 10 * 60_000);
	}
	try {
		const tarball = process.env.OSVI_E2E_TARBALL || (await packProject({ outDir: runDir }));
		log('compiling the OSVI sandbox (tsc -p tsconfig.sandbox.json)');
		await runCommand(
			process.execPath,
			[
				join(PROJECT_DIR, 'node_modules', 'typescript', 'bin', 'tsc'),
				'-p',
				'tsconfig.sandbox.json',
			],
			{ cwd: PROJECT_DIR, env: cleanEnv() },
		);
		writeFileSync(doneFile, JSON.stringify({ tarball }));
		return tarball;
	} catch (error) {
		rmSync(runDir, { recursive: true, force: true });
		throw error;
	}
}

/**
 * Identifies this test run: the `node --test` process running this file, or this process when the file was
 * started on its own; by pid and start time, so that a recycled pid never matches.
 * @returns {string}
 */
function testRunKey() {
	const pid = process.env.NODE_TEST_CONTEXT ? process.ppid : process.pid;
	return `${pid}-${processStartTime(pid) ?? Date.now()}`;
}

/**
 * Start time of a process in clock ticks since boot (Linux), or undefined.
 * @param {number} pid
 */
function processStartTime(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Field 22; the command name (field 2) may contain spaces, so count from its closing bracket.
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
	} catch {
		return undefined;
	}
}

/**
 * Removes the build folders of earlier runs whose process is gone.
 * @param {string} currentKey
 */
function removeStaleRunDirs(currentKey) {
	if (processStartTime(process.pid) === undefined) return;
	for (const name of readdirSync(tmpdir())) {
		const match = /^osvi-e2e-run-(\d+)-(\d+)$/.exec(name);
		if (!match || `${match[1]}-${match[2]}` === currentKey) continue;
		if (processStartTime(Number(match[1])) === match[2]) continue;
		rmSync(join(tmpdir(), name), { recursive: true, force: true });
	}
}

/**
 * @param {string} file
 * @param {number} timeoutMs
 * @returns {Promise<string>}
 */
async function waitForFile(file, timeoutMs) {
	const started = Date.now();
	while (!existsSync(file)) {
		if (Date.now() - started > timeoutMs)
			throw new Error(`Another test file did not finish building within ${timeoutMs} ms.`);
		await sleep(500);
	}
	return JSON.parse(readFileSync(file, 'utf8')).tarball;
}

/**
 * Runs a test body; when it fails, appends the tail of n8n's server log to the error's stack (the part the test
 * runner prints), so a failure shows what n8n said.
 * @param {() => import('../scripts/lib/n8n-instance.mjs').N8nInstance | undefined} getInstance
 * @param {() => Promise<void>} body
 */
export async function withServerLog(getInstance, body) {
	try {
		await body();
	} catch (error) {
		const instance = getInstance();
		if (error instanceof Error && instance) {
			error.stack = `${error.stack}\n${instance.serverLog(60)}\n`;
		}
		throw error;
	}
}

/**
 * Asserts that `n8n execute` succeeded, with its output in the message when it did not.
 * @param {import('../scripts/lib/n8n-instance.mjs').ExecuteResult} result
 */
export function assertExecuted(result) {
	assert.ok(
		result.ok,
		`n8n execute failed (exit ${result.exitCode}): ${result.errorMessage}\n--- stdout ---\n` +
			`${lastLines(result.stdout, 40)}\n--- stderr ---\n${lastLines(result.stderr, 40)}`,
	);
}

/**
 * Output items of a node with their pairing, from an `n8n execute` result or an execution of the public API.
 * @param {any} run
 * @param {string} nodeName
 * @returns {Array<{ json: Record<string, any>, pairedItem?: unknown }>}
 */
export function nodeItems(run, nodeName) {
	const runData = run?.data?.resultData?.runData;
	assert.ok(
		runData?.[nodeName],
		`Node "${nodeName}" did not run; nodes that ran: ${Object.keys(runData ?? {}).join(', ') || 'none'}`,
	);
	return (runData[nodeName][0]?.data?.main?.[0] ?? []).map(
		(/** @type {{ json: Record<string, any>, pairedItem?: unknown }} */ item) => ({
			json: item.json,
			pairedItem: item.pairedItem,
		}),
	);
}

/**
 * Every execution the public API lists (newest first), following its cursor.
 * @param {import('../scripts/lib/n8n-instance.mjs').N8nInstance} instance
 * @param {{ workflowId?: string, includeData?: boolean }} [filter]
 * @returns {Promise<any[]>}
 */
export async function allExecutions(instance, filter = {}) {
	const executions = [];
	/** @type {string | undefined} */
	let cursor;
	do {
		const query = new URLSearchParams({
			limit: '250',
			includeData: String(filter.includeData ?? false),
		});
		if (filter.workflowId) query.set('workflowId', filter.workflowId);
		if (cursor) query.set('cursor', cursor);
		const page = await instance.api('GET', `/executions?${query}`);
		executions.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return executions;
}

/**
 * Waits until a workflow has exactly `count` executions and all of them have finished, then waits `settleMs`
 * and checks again, so that an execution arriving late is counted too. Resolves with them, oldest first.
 * @param {import('../scripts/lib/n8n-instance.mjs').N8nInstance} instance
 * @param {string} workflowId
 * @param {number} count
 * @param {{ timeoutMs?: number, settleMs?: number, includeData?: boolean }} [options]
 */
export async function settledExecutions(instance, workflowId, count, options = {}) {
	const timeoutMs = options.timeoutMs ?? 30_000;
	const started = Date.now();
	/** @type {any[]} */
	let executions = [];
	for (;;) {
		executions = await allExecutions(instance, { workflowId });
		const finished = executions.filter((execution) => execution.stoppedAt);
		if (finished.length >= count && finished.length === executions.length) break;
		if (Date.now() - started > timeoutMs) {
			assert.fail(
				`Workflow ${workflowId}: ${executions.length} execution(s), ${finished.length} finished, after ` +
					`${timeoutMs} ms; expected ${count}.`,
			);
		}
		await sleep(300);
	}
	await sleep(options.settleMs ?? 1_000);
	const settled = await allExecutions(instance, {
		workflowId,
		includeData: options.includeData ?? true,
	});
	assert.equal(
		settled.length,
		count,
		`Workflow ${workflowId} has ${settled.length} executions, expected exactly ${count}`,
	);
	return settled.sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * Runs `work` over `items` with at most `limit` running at once; results in input order.
 * @template T, R
 * @param {T[]} items
 * @param {number} limit
 * @param {(item: T, index: number) => Promise<R>} work
 * @returns {Promise<R[]>}
 */
export async function mapPool(items, limit, work) {
	/** @type {R[]} */
	const results = new Array(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await work(items[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return results;
}

/**
 * The execution data n8n stored in its SQLite file (`execution_data`: `data` and `workflowData` per execution),
 * read with the `sqlite3` module of the n8n install itself, on the Node that runs n8n (no extra dependency).
 * @param {import('../scripts/lib/n8n-instance.mjs').N8nInstance} instance
 * @returns {Promise<Array<{ executionId: string, data: string, workflowData: string }>>}
 */
export async function storedExecutionData(instance) {
	const database = join(instance.userFolder, '.n8n', 'database.sqlite');
	assert.ok(existsSync(database), `no SQLite database at ${database}`);
	const script = `
		const sqlite3 = require(${JSON.stringify(join(instance.install.dir, 'node_modules', 'sqlite3'))});
		const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY, (error) => { if (error) throw error; });
		db.all('SELECT executionId, data, workflowData FROM execution_data', (error, rows) => {
			if (error) throw error;
			process.stdout.write(JSON.stringify(rows));
			db.close();
		});`;
	const { stdout } = await runCommand(instance.install.nodePath, ['-e', script, database], {
		env: cleanEnv(instance.install.env),
	});
	return JSON.parse(stdout);
}

/**
 * @param {string} text
 * @param {number} count
 */
function lastLines(text, count) {
	return text.trim().split('\n').slice(-count).join('\n');
}

/** @param {number} ms */
export function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
