// @ts-check
// Drives one real, isolated n8n instance: its own temporary user folder and database, a fixed encryption key,
// loopback-only ports picked here, telemetry off. Everything goes through the running server, as users and
// n8n's editor do: credentials through its REST API, workflows created and activated through its public API,
// and workflows run by calling their Webhook trigger, so that n8n itself starts every execution (in queue mode,
// a worker would run it). Every n8n process runs under watchdog.mjs in a process group of its own, so nothing is
// left running when the caller ends, crashes or is killed.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { constants, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, log, runCommand } from './cache.mjs';
import { ensureN8n } from './n8n-install.mjs';
import { webhookEndpoints, webhookOf, RUN_NODE } from './workflows.mjs';

const WATCHDOG = join(dirname(fileURLToPath(import.meta.url)), 'watchdog.mjs');

/** Fixed, so that a kept instance folder (OSVI_E2E_KEEP=1) can be started again with its credentials. */
const TEST_ENCRYPTION_KEY = 'osvi-e2e-not-a-secret-0123456789';

/** Meets n8n's rules: 8+ characters, a digit and a capital letter. */
const OWNER = {
	email: 'owner@osvi-e2e.test',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'Osvi-e2e-Passw0rd',
};

/** Sent with every internal REST call: n8n ties its auth cookie to this header when present. */
const BROWSER_ID = 'osvi-e2e-browser';

const FINISHED_STATUSES = ['success', 'error', 'crashed', 'canceled'];
const CURRENT_STATUSES = ['new', 'running'];

/** @typedef {import('./run-data.mjs').Execution} Execution */
/** @typedef {import('./workflows.mjs').WorkflowJson} WorkflowJson */

/**
 * How n8n runs. 'single': one `n8n start` process with SQLite, which executes everything itself. 'queue' (2.x):
 * n8n's queue mode from queue.mjs: PostgreSQL, Redis, `n8n start`, `n8n worker` and `n8n webhook`, reached through
 * a load balancer (`baseUrl`) that sends webhooks to the webhook processor.
 * @typedef {'single' | 'queue'} Topology
 */

/**
 * @typedef {object} HttpResult
 * @property {number} status
 * @property {Headers} headers
 * @property {string} text
 * @property {any} json  the parsed body, or undefined when it is not JSON
 */

/**
 * A workflow stored in n8n, with the JSON it was created from (which tells its webhooks).
 * @typedef {object} StoredWorkflow
 * @property {string} id
 * @property {string} name
 * @property {WorkflowJson} json
 */

/**
 * @typedef {object} ServerProcess
 * @property {import('node:child_process').ChildProcess} child  the watchdog
 * @property {Promise<number>} exited
 * @property {string} pidFile  holds the pid of n8n, which is also its process group id
 * @property {string} logFile
 */

/** @type {Set<N8nInstance>} */
const liveInstances = new Set();
let handlersInstalled = false;

/**
 * Creates an isolated instance (nothing runs yet). Installs n8n on first use (minutes; see n8n-install.mjs).
 * @param {object} options
 * @param {1 | 2} options.major          n8n 2.41.1 on Node 24, or n8n 1.123.81 on this Node
 * @param {Topology} [options.topology]  'single' (the default) or 'queue' (2.x only; see queue.mjs)
 * @param {number} [options.port]        HTTP port of n8n; a free one by default
 * @param {string} [options.userFolder]  N8N_USER_FOLDER; a new temporary folder (removed by dispose) by default
 * @param {Record<string, string>} [options.env]  extra environment for every n8n process (e.g. GENERIC_TIMEZONE)
 * @param {number} [options.graceMs]     how long `stop()` waits after SIGTERM before SIGKILL (default 15 s)
 * @returns {Promise<N8nInstance>}
 */
export async function createInstance(options) {
	const topology = options.topology ?? 'single';
	if (topology !== 'single' && topology !== 'queue') {
		throw new Error(`createInstance: unknown topology ${String(topology)}`);
	}
	if (topology === 'queue' && options.major !== 2) throw new Error('createInstance: queue mode is for n8n 2.x');
	const install = await ensureN8n(options.major);
	const ownsFolder = !options.userFolder;
	const userFolder = options.userFolder
		? resolve(options.userFolder)
		: mkdtempSync(join(tmpdir(), `osvi-n8n${options.major}${topology === 'queue' ? '-queue' : ''}-`));
	mkdirSync(userFolder, { recursive: true });
	const port = options.port ?? (await freePort());
	let queue;
	if (topology === 'queue') {
		try {
			queue = await (await import('./queue.mjs')).startQueueTopology({ userFolder, mainPort: port });
		} catch (error) {
			if (ownsFolder) rmSync(userFolder, { recursive: true, force: true });
			throw error;
		}
	}
	const instance = new N8nInstance({
		install,
		topology,
		userFolder,
		ownsFolder,
		port,
		env: options.env ?? {},
		graceMs: options.graceMs ?? 15_000,
		queue,
	});
	liveInstances.add(instance);
	installExitHandlers();
	return instance;
}

export class N8nInstance {
	/**
	 * @param {object} init
	 * @param {import('./n8n-install.mjs').N8nInstall} init.install
	 * @param {Topology} init.topology
	 * @param {string} init.userFolder
	 * @param {boolean} init.ownsFolder
	 * @param {number} init.port
	 * @param {Record<string, string>} init.env
	 * @param {number} init.graceMs
	 * @param {import('./queue.mjs').QueueTopology} [init.queue]
	 */
	constructor(init) {
		this.install = init.install;
		this.major = init.install.major;
		this.version = init.install.version;
		this.topology = init.topology;
		this.userFolder = init.userFolder;
		this.ownsFolder = init.ownsFolder;
		this.port = init.port;
		/** Where clients reach n8n: main itself, or in queue mode the load balancer in front of its processes. */
		this.baseUrl = init.queue?.publicUrl ?? `http://127.0.0.1:${init.port}`;
		/** Queue mode's services, folders and load balancer (undefined for a single process). */
		this.queue = init.queue;
		/** Where production webhooks are served (`<webhookBaseUrl>/webhook/<path>`). */
		this.webhookBaseUrl = this.baseUrl;
		this.owner = { email: OWNER.email, password: OWNER.password };
		/** @private */
		this.extraEnv = init.env;
		/** @private */
		this.graceMs = init.graceMs;
		/** @private Command logs; outside `.n8n` on purpose. */
		this.logsDir = join(init.userFolder, 'logs');
		mkdirSync(this.logsDir, { recursive: true });
		/** @private @type {Map<string, ServerProcess>} running n8n processes by role ('main' for `n8n start`) */
		this.processes = new Map();
		/** @private @type {string | undefined} */
		this.cookie = undefined;
		/** @private @type {string | undefined} */
		this.apiKey = undefined;
		/** @private */
		this.spawnCount = 0;
		/** @private @type {Map<string, string>} the newest log file of each role, kept after it stopped */
		this.lastLogs = new Map();
		/** @private */
		this.disposed = false;
	}

	/**
	 * Changes the extra environment of n8n processes started from now on (a running server keeps its own).
	 * @param {Record<string, string>} env  merged into the environment given to createInstance
	 */
	setEnv(env) {
		this.extraEnv = { ...this.extraEnv, ...env };
	}

	/**
	 * Environment of every n8n process of this instance, from the recipe (shared real-n8n.md).
	 * @private
	 * @param {number} brokerPort  each running n8n process needs its own task broker port
	 */
	env(brokerPort) {
		/** @type {Record<string, string>} */
		const env = {
			...this.install.env,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_PROTOCOL: 'http',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			DB_TYPE: 'sqlite',
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(Math.max(1, Math.floor(this.graceMs / 1000) - 2)),
			// Reproducible dates in expressions and nodes; pass env.GENERIC_TIMEZONE to test another zone.
			GENERIC_TIMEZONE: 'UTC',
			...this.queue?.env,
			...this.extraEnv,
		};
		if (this.major === 2) {
			// A failing fetch of the MCP registry at start-up; never disable community-packages, which loads our package.
			env.N8N_DISABLED_MODULES ??= 'mcp-registry';
			// 2.x reads N8N_WEBHOOK_URL and calls WEBHOOK_URL deprecated; 1.x knows only WEBHOOK_URL.
			env.N8N_WEBHOOK_URL ??= `${this.webhookBaseUrl}/`;
		} else {
			env.WEBHOOK_URL ??= `${this.webhookBaseUrl}/`;
		}
		return cleanEnv(env);
	}

	/**
	 * Installs a packed community-node package the way users get it: into `.n8n/nodes`, where n8n scans
	 * `node_modules/n8n-nodes-*`, so its node types keep their real names (`n8n-nodes-osvi.osvi`).
	 * Call it before `start()`: n8n loads packages only at start.
	 * @param {string} tarballPath  a file made by `npm pack`
	 */
	async installPackage(tarballPath) {
		const tarball = resolve(tarballPath);
		if (!existsSync(tarball)) throw new Error(`installPackage: no such tarball: ${tarball}`);
		// In queue mode every process has a user folder of its own, as on a machine of its own.
		for (const userFolder of this.queue?.packageFolders ?? [this.userFolder]) {
			await this.installPackageInto(userFolder, tarball);
		}
	}

	/**
	 * @private
	 * @param {string} userFolder
	 * @param {string} tarball
	 */
	async installPackageInto(userFolder, tarball) {
		const nodesDir = join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		if (!existsSync(join(nodesDir, 'package.json'))) {
			writeFileSync(join(nodesDir, 'package.json'), '{\n  "name": "installed-nodes",\n  "private": true\n}\n');
		}
		await runCommand(
			'npm',
			['install', '--legacy-peer-deps', '--no-audit', '--no-fund', '--no-package-lock', tarball],
			{ cwd: nodesDir, env: cleanEnv({ PATH: this.install.env.PATH ?? process.env.PATH }) },
		);
	}

	/**
	 * Starts n8n and resolves once it serves its REST API, with the owner account set up (or logged in again)
	 * and an API key for the public API. Webhooks of active workflows may be registered a moment later
	 * (`activate()` waits for them).
	 * @param {{ timeoutMs?: number }} [options]
	 * @returns {Promise<{ readyMs: number }>}
	 */
	async start(options = {}) {
		if (this.processes.size > 0) throw new Error('start(): this instance is already running');
		if (this.disposed) throw new Error('start(): this instance was disposed');
		const started = Date.now();
		const timeoutMs = options.timeoutMs ?? 180_000;
		const main = this.spawnN8n('main', ['start'], await freePort());
		for (;;) {
			if (this.processes.get('main') !== main) {
				throw new Error(`n8n start exited before it was ready.\n${this.serverLog(60)}`);
			}
			// 1.x answers /healthz/readiness 2–3 s before its REST routes exist (POST /rest/owner/setup → 404).
			if (
				(await probe(`${this.baseUrl}/healthz/readiness`)) === 200 &&
				(await probe(`${this.baseUrl}/rest/settings`)) === 200
			) {
				break;
			}
			if (Date.now() - started > timeoutMs) {
				const serverLog = this.serverLog(60);
				await this.stop({ settleMs: 0 });
				throw new Error(`n8n start was not ready within ${timeoutMs} ms.\n${serverLog}`);
			}
			await sleep(250);
		}
		await this.signIn();
		this.apiKey ??= await this.createApiKey();
		await this.startCompanions(started + timeoutMs);
		return { readyMs: Date.now() - started };
	}

	/**
	 * Queue mode: starts the worker and the webhook processor once main has set up the database, and waits until
	 * each says it is ready.
	 * @private
	 * @param {number} deadline
	 */
	async startCompanions(deadline) {
		const companions = this.queue?.companions ?? [];
		const spawned = [];
		for (const companion of companions) {
			spawned.push({ companion, server: this.spawnN8n(companion.role, companion.args, await freePort(), companion.env) });
		}
		for (const { companion, server } of spawned) {
			for (;;) {
				if (this.processes.get(companion.role) !== server) {
					const failure = `n8n ${companion.args[0]} exited before it was ready.\n${this.serverLog(60)}`;
					await this.stop({ settleMs: 0 });
					throw new Error(failure);
				}
				if ((await probe(companion.readyUrl)) === 200) break;
				if (Date.now() > deadline) {
					const failure = `n8n ${companion.args[0]} was not ready in time.\n${this.serverLog(60)}`;
					await this.stop({ settleMs: 0 });
					throw new Error(failure);
				}
				await sleep(250);
			}
		}
	}

	/** Whether n8n runs. */
	get running() {
		return this.processes.has('main');
	}

	/**
	 * The process group of n8n's main process (n8n and its task runner), e.g. to measure its CPU time.
	 * @returns {number}
	 */
	mainProcessGroup() {
		const main = this.processes.get('main');
		if (!main) throw new Error('n8n is not running');
		return Number(readFileSync(main.pidFile, 'utf8'));
	}

	/**
	 * Creates the owner account on a fresh instance and logs in (on a restarted one it only logs in).
	 * @private
	 */
	async signIn() {
		const setup = await this.request('POST', '/rest/owner/setup', { body: OWNER });
		if (setup.status === 200) {
			this.cookie = authCookie(setup.headers);
			return;
		}
		if (!(setup.status === 400 && /already/i.test(setup.text))) {
			throw new Error(`POST /rest/owner/setup → ${setup.status}: ${setup.text}`);
		}
		// 1.x before 1.70 called the field `email`; both versions here accept `emailOrLdapLoginId`.
		const login = await this.request('POST', '/rest/login', {
			body: { emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password },
		});
		if (login.status !== 200) throw new Error(`POST /rest/login → ${login.status}: ${login.text}`);
		this.cookie = authCookie(login.headers);
	}

	/**
	 * A public-API key with every scope the owner may grant.
	 * @private
	 * @returns {Promise<string>}
	 */
	async createApiKey() {
		const scopes = (await this.rest('GET', '/api-keys/scopes')).data;
		const created = await this.rest('POST', '/api-keys', {
			label: `osvi-tooling-${Date.now()}`,
			scopes,
			expiresAt: null,
		});
		const key = created.data?.rawApiKey ?? created.data?.apiKey;
		if (typeof key !== 'string') throw new Error(`POST /rest/api-keys returned no key: ${JSON.stringify(created)}`);
		return key;
	}

	/**
	 * Saves a credential as the editor does (internal REST API); plain `data` is encrypted by n8n.
	 * @param {{ name: string, type: string, data: Record<string, unknown> }} credential
	 * @returns {Promise<{ id: string, name: string }>}  the reference a workflow node uses
	 */
	async createCredential(credential) {
		const body = await this.rest('POST', '/credentials', credential);
		return { id: String(body.data.id), name: credential.name };
	}

	/**
	 * Runs a stored credential's test exactly as the editor does when a credential is saved: it reads the
	 * credential back (secrets redacted) and posts it to POST /rest/credentials/test, where n8n restores the
	 * secrets. Both 1.x and 2.x test only stored credentials.
	 * @param {string} credentialId
	 * @returns {Promise<{ status: 'OK' | 'Error', message: string }>}
	 */
	async testCredential(credentialId) {
		const stored = (await this.rest('GET', `/credentials/${credentialId}?includeData=true`)).data;
		const body = await this.rest('POST', '/credentials/test', {
			credentials: { id: credentialId, name: stored.name, type: stored.type, data: stored.data },
		});
		return body.data;
	}

	/**
	 * Node types the running server loaded, as the editor gets them. Community nodes appear under their package
	 * name, e.g. `n8n-nodes-osvi.osvi`.
	 * @returns {Promise<Array<{ name: string, version: number | number[], displayName: string } & Record<string, any>>>}
	 */
	async nodeTypes() {
		return await this.asOwner('GET', '/types/nodes.json');
	}

	/**
	 * Credential types the running server loaded, as the editor gets them, e.g. `osviApi`.
	 * @returns {Promise<Array<{ name: string, displayName: string, properties: Array<{ name: string }> } & Record<string, any>>>}
	 */
	async credentialTypes() {
		return await this.asOwner('GET', '/types/credentials.json');
	}

	/**
	 * Creates a workflow through the public API (inactive) and, with `activate`, activates it.
	 * @param {WorkflowJson} json
	 * @param {{ activate?: boolean }} [options]
	 * @returns {Promise<StoredWorkflow>}
	 */
	async addWorkflow(json, options = {}) {
		const created = await this.api('POST', '/workflows', {
			name: json.name,
			nodes: json.nodes,
			connections: json.connections,
			settings: json.settings ?? {},
		});
		const workflow = { id: String(created.id), name: json.name, json };
		if (options.activate) await this.activate(workflow);
		return workflow;
	}

	/**
	 * Activates (on 2.x: publishes) a workflow and waits until each of its production webhooks is registered.
	 * @param {StoredWorkflow} workflow
	 */
	async activate(workflow) {
		await this.api('POST', `/workflows/${workflow.id}/activate`);
		await this.waitForWebhooks(workflow);
	}

	/**
	 * Waits until each production webhook of an active workflow is registered (after `activate()`, or after a
	 * restart, when n8n activates its active workflows again), without calling it: an OPTIONS preflight lists the
	 * methods registered for a path and starts no execution.
	 * @param {StoredWorkflow} workflow
	 * @param {number} [timeoutMs]  for each webhook
	 */
	async waitForWebhooks(workflow, timeoutMs = 60_000) {
		for (const { path, method } of webhookEndpoints(workflow.json)) {
			const started = Date.now();
			for (;;) {
				if (!this.running) throw new Error(`Waiting for /webhook/${path}: n8n is not running.\n${this.serverLog(40)}`);
				if ((await registeredMethods(this.webhookUrl(path))).includes(method.toUpperCase())) break;
				if (Date.now() - started > timeoutMs) {
					throw new Error(`${method} /webhook/${path} was not registered within ${timeoutMs} ms.\n${this.serverLog(40)}`);
				}
				await sleep(250);
			}
		}
	}

	/**
	 * Runs an active workflow built with a run trigger (workflows.mjs): calls that trigger's webhook, waits for the
	 * execution n8n starts, and resolves with it, finished and with its data, whether it succeeded or failed.
	 * Nothing else may start the workflow meanwhile: the run is told apart by count.
	 * @param {StoredWorkflow} workflow
	 * @param {{ timeoutMs?: number }} [options]
	 * @returns {Promise<Execution>}
	 */
	async run(workflow, options = {}) {
		const endpoint = webhookOf(workflow.json, RUN_NODE);
		const before = await this.executionCounts(workflow.id);
		const answer = await this.webhook(endpoint.path, { method: endpoint.method, body: {} });
		if (answer.status !== 200) {
			throw new Error(`Starting workflow "${workflow.name}" → ${answer.status}: ${answer.text}\n${this.serverLog(30)}`);
		}
		const total = before.finished + before.current + 1;
		await this.waitForExecutions(workflow.id, total, options.timeoutMs ?? 180_000);
		const [newest] = await this.listedExecutions(workflow.id, total);
		return await this.execution(String(newest.id));
	}

	/**
	 * Calls a production webhook of this instance. Never throws on a status.
	 * @param {string} path  the part after /webhook/
	 * @param {{ method?: string, body?: unknown, headers?: Record<string, string>, query?: Record<string, string> }} [options]
	 *   body: an object is sent as JSON; a string as is
	 * @returns {Promise<HttpResult>}
	 */
	async webhook(path, options = {}) {
		const query = options.query ? `?${new URLSearchParams(options.query)}` : '';
		return await this.request(options.method ?? 'POST', `/webhook/${path}${query}`, {
			body: options.body,
			headers: options.headers,
			baseUrl: this.webhookBaseUrl,
		});
	}

	/**
	 * The production URL of a webhook path.
	 * @param {string} path  the part after /webhook/
	 */
	webhookUrl(path) {
		return `${this.webhookBaseUrl}/webhook/${path}`;
	}

	/**
	 * Waits until a workflow has at least `count` executions and none of them is still running (the one poller:
	 * it counts through n8n's own executions list, so it stays cheap with thousands of executions).
	 * @param {string} workflowId
	 * @param {number} count
	 * @param {number} [timeoutMs]
	 * @returns {Promise<{ finished: number, current: number }>}
	 */
	async waitForExecutions(workflowId, count, timeoutMs = 60_000) {
		const started = Date.now();
		for (;;) {
			const counts = await this.executionCounts(workflowId);
			if (counts.finished >= count && counts.current === 0) return counts;
			if (Date.now() - started > timeoutMs) {
				throw new Error(
					`Workflow ${workflowId}: ${counts.finished} finished and ${counts.current} running execution(s) ` +
						`after ${timeoutMs} ms; expected ${count} finished.\n${this.serverLog(30)}`,
				);
			}
			await sleep(250);
		}
	}

	/**
	 * How many executions of a workflow have finished, and how many are queued or running.
	 * @param {string} workflowId
	 * @returns {Promise<{ finished: number, current: number }>}
	 */
	async executionCounts(workflowId) {
		/** @param {string[]} status */
		const count = async (status) => {
			const filter = encodeURIComponent(JSON.stringify({ workflowId, status }));
			const body = await this.rest('GET', `/executions?filter=${filter}&limit=1`);
			return Number(body.data.count);
		};
		const [finished, current] = await Promise.all([count(FINISHED_STATUSES), count(CURRENT_STATUSES)]);
		return { finished, current };
	}

	/**
	 * Waits until a workflow has exactly `count` finished executions: first at least that many, then `settleMs`
	 * more, so that one arriving late is counted too. Resolves with them, with their data, oldest first.
	 * @param {string} workflowId
	 * @param {number} count
	 * @param {{ timeoutMs?: number, settleMs?: number }} [options]
	 * @returns {Promise<Execution[]>}
	 */
	async settledExecutions(workflowId, count, options = {}) {
		await this.waitForExecutions(workflowId, count, options.timeoutMs ?? 30_000);
		await sleep(options.settleMs ?? 1_000);
		const settled = await this.listedExecutions(workflowId, count, { includeData: true });
		if (settled.length !== count) {
			throw new Error(`Workflow ${workflowId} has ${settled.length} executions, expected exactly ${count}.`);
		}
		return settled.sort((a, b) => Number(a.id) - Number(b.id));
	}

	/**
	 * The executions of a workflow once n8n's public API lists at least `count` of them (newest first). That API
	 * leaves out the executions that main still counts as running, and in queue mode main hears that a worker has
	 * finished one some time after the database says so (up to Bull's 5-second watchdog). Throws after 15 s.
	 * @param {string} workflowId
	 * @param {number} count
	 * @param {{ includeData?: boolean }} [options]
	 * @returns {Promise<Execution[]>}
	 */
	async listedExecutions(workflowId, count, options = {}) {
		const started = Date.now();
		for (;;) {
			const executions = await this.executions({ workflowId, includeData: options.includeData });
			if (executions.length >= count) return executions;
			if (Date.now() - started > 15_000) {
				throw new Error(
					`Workflow ${workflowId} has ${count} finished executions, but n8n's API lists ${executions.length}.`,
				);
			}
			await sleep(250);
		}
	}

	/**
	 * Executions through the public API (newest first), every page.
	 * @param {{ workflowId?: string, includeData?: boolean }} [filter]
	 * @returns {Promise<Execution[]>}
	 */
	async executions(filter = {}) {
		/** @type {Execution[]} */
		const executions = [];
		/** @type {string | undefined} */
		let cursor;
		do {
			const query = new URLSearchParams({ limit: '250', includeData: String(filter.includeData ?? false) });
			if (filter.workflowId) query.set('workflowId', filter.workflowId);
			if (cursor) query.set('cursor', cursor);
			const page = await this.api('GET', `/executions?${query}`);
			executions.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return executions;
	}

	/**
	 * One execution with its data.
	 * @param {string} executionId
	 * @returns {Promise<Execution>}
	 */
	async execution(executionId) {
		return await this.api('GET', `/executions/${executionId}?includeData=true`);
	}

	/**
	 * What n8n wrote to its database for the executions of some workflows (`execution_data`: `data` and
	 * `workflowData`), read with the database driver of the n8n install itself, on the Node that runs n8n.
	 * @param {string[]} workflowIds
	 * @returns {Promise<Array<{ executionId: string, data: string, workflowData: string }>>}
	 */
	async storedExecutionData(workflowIds) {
		if (this.queue) return await this.queue.storedExecutionData(workflowIds);
		const database = join(this.userFolder, '.n8n', 'database.sqlite');
		if (!existsSync(database)) throw new Error(`No SQLite database at ${database}`);
		const script = `
			const sqlite3 = require(${JSON.stringify(join(this.install.dir, 'node_modules', 'sqlite3'))});
			const ids = JSON.parse(process.argv[2]);
			const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY, (error) => { if (error) throw error; });
			db.all(
				'SELECT d.executionId, d.data, d.workflowData FROM execution_data d ' +
					'JOIN execution_entity e ON e.id = d.executionId WHERE e.workflowId IN (' + ids.map(() => '?').join(',') + ')',
				ids,
				(error, rows) => {
					if (error) throw error;
					process.stdout.write(JSON.stringify(rows));
					db.close();
				},
			);`;
		const { stdout } = await runCommand(
			this.install.nodePath,
			['-e', script, database, JSON.stringify(workflowIds)],
			{ env: cleanEnv(this.install.env) },
		);
		return JSON.parse(stdout);
	}

	/**
	 * Public API call (`/api/v1` + path) with the instance's API key. Resolves with the parsed body; throws on
	 * any status other than 2xx.
	 * @param {string} method
	 * @param {string} path  e.g. '/workflows' or '/executions?includeData=true'
	 * @param {unknown} [body]
	 * @returns {Promise<any>}
	 */
	async api(method, path, body) {
		if (!this.apiKey) throw new Error('The public API needs a running instance: start() first.');
		const response = await this.request(method, `/api/v1${path}`, { body, headers: { 'X-N8N-API-KEY': this.apiKey } });
		return expectOk(method, `/api/v1${path}`, response);
	}

	/**
	 * Internal REST call (`/rest` + path) as the owner, as n8n's editor makes it. Resolves with the parsed body
	 * (n8n wraps most answers in `{ data }`); throws on any status other than 2xx.
	 * @param {string} method
	 * @param {string} path  e.g. '/credentials/test'
	 * @param {unknown} [body]
	 * @returns {Promise<any>}
	 */
	async rest(method, path, body) {
		return await this.asOwner(method, `/rest${path}`, body);
	}

	/**
	 * @private
	 * @param {string} method
	 * @param {string} path
	 * @param {unknown} [body]
	 */
	async asOwner(method, path, body) {
		if (!this.cookie) throw new Error('The owner is not signed in: start() first.');
		return expectOk(method, path, await this.request(method, path, { body, headers: { cookie: this.cookie } }));
	}

	/**
	 * Any HTTP call to this instance (path from the root, e.g. '/healthz'). Never throws on a status.
	 * @param {string} method
	 * @param {string} path
	 * @param {{ body?: unknown, headers?: Record<string, string>, baseUrl?: string }} [options]
	 * @returns {Promise<HttpResult>}
	 */
	async request(method, path, options = {}) {
		/** @type {Record<string, string>} */
		const headers = { 'browser-id': BROWSER_ID, ...options.headers };
		let body;
		if (typeof options.body === 'string') body = options.body;
		else if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			headers['content-type'] ??= 'application/json';
		}
		const url = `${options.baseUrl ?? this.baseUrl}${path}`;
		let response;
		for (let attempt = 1; ; attempt++) {
			try {
				response = await fetch(url, { method, headers, body });
				break;
			} catch (error) {
				const cause = /** @type {{ cause?: { code?: string } }} */ (error).cause?.code ?? String(error);
				// A kept-alive connection that n8n closed just as it was reused: a read can safely go again.
				if (method === 'GET' && cause === 'ECONNRESET' && attempt < 3 && this.running) continue;
				const state = this.running ? '' : ' (n8n is not running: start() first, or it crashed)';
				throw new Error(`${method} ${url} failed: ${cause}${state}\n${this.serverLog(30)}`);
			}
		}
		const text = await response.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: response.status, headers: response.headers, text, json };
	}

	/**
	 * Stops n8n: lets executions settle (a 1.x run stopped mid-save is marked crashed), then SIGTERM to each
	 * process group (n8n and its task runner), SIGKILL after the grace period.
	 * @param {{ settleMs?: number }} [options]
	 */
	async stop(options = {}) {
		if (this.processes.size === 0) return;
		await sleep(options.settleMs ?? 1000);
		const running = [...this.processes.values()].reverse();
		for (const server of running) await terminate(server, this.graceMs);
		this.processes.clear();
		this.cookie = undefined;
	}

	/** Stops everything this instance runs and removes its temporary folder (not a folder the caller passed). */
	async dispose() {
		if (this.disposed) return;
		await this.stop();
		this.disposed = true;
		await this.queue?.dispose();
		liveInstances.delete(this);
		if (this.ownsFolder && process.env.OSVI_E2E_KEEP !== '1') {
			rmSync(this.userFolder, { recursive: true, force: true });
		}
	}

	/**
	 * The last lines n8n's main process printed (for error messages).
	 * @param {number} [lines]
	 */
	serverLog(lines = 60) {
		const file = this.lastLogs.get('main');
		if (!file || !existsSync(file)) return '(no server log)';
		const main = `--- n8n log (${file}) ---\n${lastLines(readFileSync(file, 'utf8'), lines)}`;
		const others = [...this.lastLogs.entries()]
			.filter(([role, other]) => role !== 'main' && existsSync(other))
			.map(([role, other]) => `--- n8n ${role} log (${other}) ---\n${lastLines(readFileSync(other, 'utf8'), lines)}`);
		return [main, ...others].join('\n');
	}

	/**
	 * Everything the newest process of a role printed ('main', and in queue mode 'worker' and 'webhook').
	 * @param {string} role
	 */
	logOf(role) {
		const file = this.lastLogs.get(role);
		if (!file) throw new Error(`No n8n process of role ${role} was started.`);
		return existsSync(file) ? readFileSync(file, 'utf8') : '';
	}

	/**
	 * Starts one long-running n8n process of a role (`n8n start` is 'main') under the watchdog.
	 * @private
	 * @param {string} role
	 * @param {string[]} args
	 * @param {number} brokerPort
	 * @param {Record<string, string>} [roleEnv]  on top of the instance's environment (queue mode's other roles)
	 * @returns {ServerProcess}
	 */
	spawnN8n(role, args, brokerPort, roleEnv = {}) {
		const prefix = `${String(++this.spawnCount).padStart(2, '0')}-${role}`;
		const logFile = join(this.logsDir, `${prefix}.log`);
		const pidFile = join(this.logsDir, `${prefix}.pid`);
		const out = openSync(logFile, 'a');
		const child = spawn(
			process.execPath,
			[WATCHDOG, String(this.graceMs), pidFile, this.install.nodePath, this.install.n8nBin, ...args],
			{
				cwd: roleEnv.N8N_USER_FOLDER ?? this.userFolder,
				env: { ...this.env(brokerPort), ...roleEnv },
				stdio: ['pipe', out, out],
				// Own process group: a Ctrl-C in the terminal reaches only the caller, which stops n8n in order.
				detached: true,
			},
		);
		closeSync(out);
		// A forgotten server must not keep the caller alive: the exit handlers below stop it.
		child.unref();
		/** @type {{ unref?: () => void } | null} */ (child.stdin)?.unref?.();
		const server = { child, exited: exitOf(child), pidFile, logFile };
		this.processes.set(role, server);
		this.lastLogs.set(role, logFile);
		void server.exited.then(() => {
			if (this.processes.get(role) === server) this.processes.delete(role);
		});
		return server;
	}

	/** Synchronous last resort at process exit: ask every watchdog to stop its n8n. */
	killNow() {
		for (const { child } of this.processes.values()) {
			try {
				child.kill('SIGTERM');
			} catch {
				// Already gone.
			}
		}
		this.queue?.kill();
	}
}

/**
 * A free TCP port on 127.0.0.1 (n8n binds it a moment later; collisions are unlikely on one machine).
 * @returns {Promise<number>}
 */
export function freePort() {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

/** @param {number} ms */
function sleep(ms) {
	return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

/**
 * Exit code of a child (128 + signal number when a signal ended it).
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<number>}
 */
function exitOf(child) {
	return new Promise((resolveExit) => {
		child.once('exit', (code, signal) =>
			resolveExit(code ?? 128 + (signal ? (constants.signals[signal] ?? 1) : 1)),
		);
	});
}

/**
 * SIGTERM to the watchdog (which stops n8n's group in order), then SIGKILL to both after the grace period.
 * @param {ServerProcess} server
 * @param {number} graceMs
 */
async function terminate(server, graceMs) {
	const { child, exited, pidFile } = server;
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill('SIGTERM');
	/** @type {NodeJS.Timeout | undefined} */
	let timer;
	const timedOut = Symbol('timeout');
	const first = await Promise.race([
		exited,
		new Promise((resolveTimeout) => {
			timer = setTimeout(() => resolveTimeout(timedOut), graceMs + 5_000);
		}),
	]);
	clearTimeout(timer);
	if (first !== timedOut) return;
	log(`n8n did not stop within ${graceMs + 5_000} ms: killing it`);
	if (existsSync(pidFile)) {
		const pid = Number(readFileSync(pidFile, 'utf8'));
		try {
			if (pid > 0) process.kill(-pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}
	child.kill('SIGKILL');
	await exited;
}

/**
 * HTTP status of a GET, or 0 while nothing listens.
 * @param {string} url
 */
async function probe(url) {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

/**
 * Methods registered for a webhook URL, from n8n's CORS preflight answer (empty while none is).
 * @param {string} url
 * @returns {Promise<string[]>}
 */
async function registeredMethods(url) {
	try {
		const response = await fetch(url, {
			method: 'OPTIONS',
			// An Origin makes n8n list the registered methods; without Access-Control-Request-Method it looks
			// nothing else up, so an unregistered path logs no error while we wait.
			headers: { origin: 'http://127.0.0.1' },
			signal: AbortSignal.timeout(2_000),
		});
		await response.arrayBuffer();
		if (response.status >= 300) return [];
		return (response.headers.get('access-control-allow-methods') ?? '')
			.split(',')
			.map((method) => method.trim().toUpperCase())
			.filter((method) => method && method !== 'OPTIONS');
	} catch {
		return [];
	}
}

/**
 * The `n8n-auth` cookie from a login answer, ready for a `cookie` header.
 * @param {Headers} headers
 */
function authCookie(headers) {
	const cookie = headers.getSetCookie().find((line) => line.startsWith('n8n-auth='));
	if (!cookie) throw new Error('n8n answered without an n8n-auth cookie');
	return cookie.split(';')[0];
}

/**
 * @param {string} method
 * @param {string} path
 * @param {HttpResult} response
 * @returns {any}
 */
function expectOk(method, path, response) {
	if (response.status < 200 || response.status >= 300) {
		throw new Error(`${method} ${path} → ${response.status}: ${response.text.slice(0, 2000)}`);
	}
	return response.json;
}

/**
 * @param {string} text
 * @param {number} count
 */
function lastLines(text, count) {
	return text.trim().split('\n').slice(-count).join('\n');
}

/** Synchronous: the watchdogs finish stopping n8n on their own after this process is gone. */
function emergencyCleanup() {
	for (const instance of liveInstances) {
		instance.killNow();
		if (instance.ownsFolder && process.env.OSVI_E2E_KEEP !== '1') {
			// Queue mode's database server may still be going away: retry a folder it just wrote into.
			rmSync(instance.userFolder, { recursive: true, force: true, maxRetries: 3 });
		}
	}
	liveInstances.clear();
}

function installExitHandlers() {
	if (handlersInstalled) return;
	handlersInstalled = true;
	process.on('exit', emergencyCleanup);
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
		const handler = () => {
			emergencyCleanup();
			// Only the default action was replaced: if nobody else handles the signal, die of it as before.
			if (process.listenerCount(signal) === 1) {
				process.removeListener(signal, handler);
				process.kill(process.pid, signal);
			}
		};
		process.on(signal, handler);
	}
}
