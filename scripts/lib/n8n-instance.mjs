// @ts-check
// Drives one real, isolated n8n instance headlessly: its own temporary user folder and SQLite database, a fixed
// encryption key, loopback-only ports picked here, telemetry off. Every n8n process runs under watchdog.mjs in a
// process group of its own, so nothing is left running when the caller ends, crashes or is killed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	closeSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { constants, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, log, runCommand } from './cache.mjs';
import { ensureN8n } from './n8n-install.mjs';

const WATCHDOG = join(dirname(fileURLToPath(import.meta.url)), 'watchdog.mjs');

/** Fixed so that credentials imported with plain `data` can be decrypted by every command of one instance. */
export const TEST_ENCRYPTION_KEY = 'osvi-e2e-not-a-secret-0123456789';

/** Meets n8n's rules: 8+ characters, a digit and a capital letter. */
export const OWNER = {
	email: 'owner@osvi-e2e.test',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'Osvi-e2e-Passw0rd',
};

/** Sent with every internal REST call: n8n ties its auth cookie to this header when present. */
const BROWSER_ID = 'osvi-e2e-browser';

/**
 * @typedef {object} CommandResult
 * @property {number} exitCode
 * @property {string} stdout
 * @property {string} stderr
 * @property {number} durationMs
 */

/**
 * @typedef {object} ExecuteResult
 * @property {boolean} ok             exit code 0 and a result without an error
 * @property {number} exitCode
 * @property {any} run                n8n's IRun ({ data: { resultData: { runData, error?, lastNodeExecuted } }, status, … }), or null
 * @property {string | undefined} errorMessage  the workflow error's message (and description) when it failed
 * @property {string} stdout
 * @property {string} stderr
 * @property {number} durationMs
 */

/**
 * @typedef {object} HttpResult
 * @property {number} status
 * @property {Headers} headers
 * @property {string} text
 * @property {any} json              the parsed body, or undefined when it is not JSON
 */

/** @type {Set<N8nInstance>} */
const liveInstances = new Set();
let handlersInstalled = false;

/**
 * Creates an isolated instance (nothing runs yet). Installs n8n on first use (minutes; see n8n-install.mjs).
 * @param {object} options
 * @param {1 | 2} options.major          n8n 2.41.1 on Node 24, or n8n 1.123.81 on this Node
 * @param {number} [options.port]        HTTP port of `n8n start`; a free one by default
 * @param {string} [options.userFolder]  N8N_USER_FOLDER; a new temporary folder (removed by dispose) by default
 * @param {Record<string, string>} [options.env]  extra environment for every n8n command (e.g. GENERIC_TIMEZONE)
 * @param {number} [options.graceMs]     how long `stop()` waits after SIGTERM before SIGKILL (default 15 s)
 * @returns {Promise<N8nInstance>}
 */
export async function createInstance(options) {
	const install = await ensureN8n(options.major);
	const ownsFolder = !options.userFolder;
	const userFolder = options.userFolder
		? resolve(options.userFolder)
		: mkdtempSync(join(tmpdir(), `osvi-n8n${options.major}-`));
	mkdirSync(userFolder, { recursive: true });
	const port = options.port ?? (await freePort());
	const instance = new N8nInstance({
		install,
		userFolder,
		ownsFolder,
		port,
		extraEnv: options.env ?? {},
		graceMs: options.graceMs ?? 15_000,
	});
	liveInstances.add(instance);
	installExitHandlers();
	return instance;
}

export class N8nInstance {
	/**
	 * @param {object} init
	 * @param {import('./n8n-install.mjs').N8nInstall} init.install
	 * @param {string} init.userFolder
	 * @param {boolean} init.ownsFolder
	 * @param {number} init.port
	 * @param {Record<string, string>} init.extraEnv
	 * @param {number} init.graceMs
	 */
	constructor(init) {
		this.install = init.install;
		this.major = init.install.major;
		this.version = init.install.version;
		this.userFolder = init.userFolder;
		this.ownsFolder = init.ownsFolder;
		this.port = init.port;
		this.baseUrl = `http://127.0.0.1:${init.port}`;
		this.extraEnv = init.extraEnv;
		this.graceMs = init.graceMs;
		/** Where command logs and the files handed to `n8n import:*` go; outside `.n8n` on purpose. */
		this.workDir = join(init.userFolder, 'e2e');
		mkdirSync(this.workDir, { recursive: true });
		/** @type {Set<import('node:child_process').ChildProcess>} */
		this.children = new Set();
		/** @type {{ child: import('node:child_process').ChildProcess, exited: Promise<number>, pidFile: string, logFile: string } | undefined} */
		this.server = undefined;
		/** @type {{ email: string, password: string, cookie: string } | undefined} */
		this.owner = undefined;
		/** @type {string | undefined} */
		this.apiKey = undefined;
		this.commandCount = 0;
		this.fileCount = 0;
		/** @type {string | undefined} */
		this.lastStartLog = undefined;
		this.disposed = false;
	}

	/**
	 * Environment of every n8n process of this instance, from the recipe.
	 * @param {number} brokerPort  each concurrently running n8n process needs its own task broker port
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
			...this.extraEnv,
		};
		if (this.major === 2) {
			// A failing fetch of the MCP registry at start-up; never disable community-packages, which loads our package.
			env.N8N_DISABLED_MODULES ??= 'mcp-registry';
			// 2.x reads N8N_WEBHOOK_URL and calls WEBHOOK_URL deprecated; 1.x knows only WEBHOOK_URL.
			env.N8N_WEBHOOK_URL ??= `${this.baseUrl}/`;
		} else {
			env.WEBHOOK_URL ??= `${this.baseUrl}/`;
		}
		return cleanEnv(env);
	}

	/**
	 * Installs a packed community-node package the way users get it: into `.n8n/nodes`, where n8n scans
	 * `node_modules/n8n-nodes-*`, so its node types keep their real names (`n8n-nodes-osvi.osvi`).
	 * Call it before `execute()`/`start()`; a running server loads packages only at start.
	 * @param {string} tarballPath  a file made by `npm pack`
	 */
	async installPackage(tarballPath) {
		const tarball = resolve(tarballPath);
		if (!existsSync(tarball)) throw new Error(`installPackage: no such tarball: ${tarball}`);
		const nodesDir = join(this.userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		if (!existsSync(join(nodesDir, 'package.json'))) {
			writeFileSync(
				join(nodesDir, 'package.json'),
				'{\n  "name": "installed-nodes",\n  "private": true\n}\n',
			);
		}
		await runCommand(
			'npm',
			['install', '--legacy-peer-deps', '--no-audit', '--no-fund', '--no-package-lock', tarball],
			{ cwd: nodesDir, env: cleanEnv({ PATH: this.install.env.PATH ?? process.env.PATH }) },
		);
	}

	/**
	 * Imports credentials (`n8n import:credentials`). Plain `data` is encrypted with the instance key.
	 * An entry without `id` gets one. Resolves with the ids, in order.
	 * @param {Array<{ id?: string, name: string, type: string, data: Record<string, unknown> }>} credentials
	 * @returns {Promise<string[]>}
	 */
	async importCredentials(credentials) {
		const withIds = credentials.map((credential) => ({ id: newId(), ...credential }));
		const file = this.writeWorkFile('credentials', withIds);
		await this.n8n(['import:credentials', `--input=${file}`]);
		return withIds.map((credential) => credential.id);
	}

	/**
	 * Imports one workflow (`n8n import:workflow`, inactive) and resolves with its id (one is assigned if missing).
	 * @param {Record<string, any>} workflow  n8n workflow JSON: { name, nodes, connections, settings?, id? }
	 * @returns {Promise<string>}
	 */
	async importWorkflow(workflow) {
		const [id] = await this.importWorkflows([workflow]);
		return id;
	}

	/**
	 * Imports several workflows in one n8n command (each command costs 3–11 s).
	 * @param {Array<Record<string, any>>} workflows
	 * @returns {Promise<string[]>}
	 */
	async importWorkflows(workflows) {
		const withIds = workflows.map((workflow) => ({
			id: newId(),
			active: false,
			settings: {},
			connections: {},
			...workflow,
		}));
		const file = this.writeWorkFile('workflows', withIds);
		const result = await this.n8n(['import:workflow', `--input=${file}`]);
		// 2.x skips (and still exits 0 for) workflows that break its content-import policy.
		const skipped = /Skipped workflow[^\n]*/.exec(result.stdout + result.stderr);
		if (skipped) throw new Error(`n8n import:workflow: ${skipped[0]}\n${tail(result)}`);
		return withIds.map((workflow) => workflow.id);
	}

	/**
	 * Runs an imported workflow once with `n8n execute --id=… --rawOutput` (a separate n8n process; it may run
	 * beside `n8n start`). Never throws for a failing workflow: look at `ok`, `errorMessage` and `run`.
	 * @param {string} workflowId
	 * @param {{ timeoutMs?: number }} [options]
	 * @returns {Promise<ExecuteResult>}
	 */
	async execute(workflowId, options = {}) {
		const result = await this.n8n(['execute', `--id=${workflowId}`, '--rawOutput'], {
			allowFailure: true,
			timeoutMs: options.timeoutMs ?? 180_000,
		});
		const run = parseRunJson(result.stdout) ?? parseRunJson(result.stderr);
		const workflowError = run?.data?.resultData?.error;
		if (result.exitCode === 0 && run === null) {
			throw new Error(
				`n8n execute --id=${workflowId} exited 0 but printed no result.\n${tail(result)}`,
			);
		}
		let errorMessage;
		if (result.exitCode !== 0 || workflowError) {
			errorMessage = workflowError
				? [workflowError.message, workflowError.description].filter(Boolean).join(' — ')
				: lastLines(`${result.stdout}\n${result.stderr}`, 15);
		}
		return {
			ok: result.exitCode === 0 && !workflowError,
			exitCode: result.exitCode,
			run,
			errorMessage,
			stdout: result.stdout,
			stderr: result.stderr,
			durationMs: result.durationMs,
		};
	}

	/**
	 * Activates a workflow so that its trigger works in production. Before `start()` this is an n8n command
	 * (2.x `publish:workflow`, 1.x `update:workflow --active=true`) that the next start picks up; while the
	 * server runs, the public API, because a running server does not see what commands write.
	 * @param {string} workflowId
	 */
	async publish(workflowId) {
		if (this.server) await this.api('POST', `/workflows/${workflowId}/activate`);
		else if (this.major === 2) await this.n8n(['publish:workflow', `--id=${workflowId}`]);
		else await this.n8n(['update:workflow', `--id=${workflowId}`, '--active=true']);
	}

	/**
	 * Deactivates a workflow (the counterpart of `publish()`, same two ways).
	 * @param {string} workflowId
	 */
	async unpublish(workflowId) {
		if (this.server) await this.api('POST', `/workflows/${workflowId}/deactivate`);
		else if (this.major === 2) await this.n8n(['unpublish:workflow', `--id=${workflowId}`]);
		else await this.n8n(['update:workflow', `--id=${workflowId}`, '--active=false']);
	}

	/**
	 * Starts `n8n start` and resolves once /healthz/readiness and the REST API answer 200. Webhooks of
	 * published workflows may be registered a few seconds later: use `waitForWebhook()`.
	 * @param {{ timeoutMs?: number }} [options]
	 * @returns {Promise<{ readyMs: number }>}
	 */
	async start(options = {}) {
		if (this.server) throw new Error('start(): this instance is already running');
		const started = Date.now();
		const brokerPort = await freePort();
		const { child, exited, pidFile, logFile } = this.spawnN8n(['start'], 'start', brokerPort);
		this.server = { child, exited, pidFile, logFile };
		void exited.then(() => {
			if (this.server?.child === child) this.server = undefined;
		});
		const deadline = started + (options.timeoutMs ?? 180_000);
		for (;;) {
			if (!this.server || this.server.child !== child) {
				throw new Error(`n8n start exited before it was ready.\n${this.serverLog(60)}`);
			}
			// 1.x answers /healthz/readiness 2–3 s before its REST routes exist (POST /rest/owner/setup → 404).
			if (
				(await probe(`${this.baseUrl}/healthz/readiness`)) === 200 &&
				(await probe(`${this.baseUrl}/rest/settings`)) === 200
			) {
				break;
			}
			if (Date.now() > deadline) {
				await this.stop({ settleMs: 0 });
				throw new Error(
					`n8n start was not ready within ${options.timeoutMs ?? 180_000} ms.\n${this.serverLog(60)}`,
				);
			}
			await sleep(250);
		}
		return { readyMs: Date.now() - started };
	}

	/**
	 * Waits until a production webhook is registered, without calling it: an OPTIONS preflight lists the methods
	 * registered for the path and starts no execution. (Polling with POST would run the workflow.)
	 * @param {string} path  the part after /webhook/: `<webhookId>/<path>` for a trigger node such as the OSVI
	 *   Trigger (`${webhookId}/webhook`); just `<path>` for n8n-nodes-base.webhook, which declares isFullPath
	 * @param {{ method?: string, timeoutMs?: number }} [options]  method: wait for this one (default: any)
	 * @returns {Promise<{ waitedMs: number, methods: string[] }>}
	 */
	async waitForWebhook(path, options = {}) {
		const started = Date.now();
		const timeoutMs = options.timeoutMs ?? 60_000;
		const wanted = options.method?.toUpperCase();
		for (;;) {
			if (!this.server)
				throw new Error(`waitForWebhook(${path}): n8n is not running.\n${this.serverLog(40)}`);
			const methods = await registeredMethods(`${this.baseUrl}/webhook/${path}`);
			const live = wanted ? methods.includes(wanted) : methods.length > 0;
			if (live) return { waitedMs: Date.now() - started, methods };
			if (Date.now() - started > timeoutMs) {
				throw new Error(
					`The webhook /webhook/${path} was not registered within ${timeoutMs} ms (is the workflow published, ` +
						`and is webhookId set on the trigger node?).\n${this.serverLog(40)}`,
				);
			}
			await sleep(250);
		}
	}

	/**
	 * Waits until no method is registered for a webhook path any more (after `unpublish()` on a running 2.x,
	 * webhooks are removed asynchronously).
	 * @param {string} path  as for `waitForWebhook()`
	 * @param {{ timeoutMs?: number }} [options]
	 * @returns {Promise<{ waitedMs: number }>}
	 */
	async waitForWebhookRemoved(path, options = {}) {
		const started = Date.now();
		const timeoutMs = options.timeoutMs ?? 60_000;
		for (;;) {
			if (!this.server) throw new Error(`waitForWebhookRemoved(${path}): n8n is not running.`);
			if ((await registeredMethods(`${this.baseUrl}/webhook/${path}`)).length === 0) {
				return { waitedMs: Date.now() - started };
			}
			if (Date.now() - started > timeoutMs) {
				throw new Error(`The webhook /webhook/${path} was still registered after ${timeoutMs} ms.`);
			}
			await sleep(250);
		}
	}

	/**
	 * Calls a production webhook of this instance.
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
		});
	}

	/**
	 * Creates the owner account (the instance is unusable over REST before that) and logs in. On an instance
	 * whose owner exists already, just logs in.
	 * @returns {Promise<{ email: string, password: string, cookie: string }>}
	 */
	async setupOwner() {
		const response = await this.request('POST', '/rest/owner/setup', { body: OWNER });
		if (response.status === 200) {
			this.owner = {
				email: OWNER.email,
				password: OWNER.password,
				cookie: authCookie(response.headers),
			};
			return this.owner;
		}
		if (response.status === 400 && /already/i.test(response.text)) return await this.login();
		throw new Error(`POST /rest/owner/setup → ${response.status}: ${response.text}`);
	}

	/** @returns {Promise<{ email: string, password: string, cookie: string }>} */
	async login() {
		// 1.x before 1.70 called the field `email`; both versions here accept `emailOrLdapLoginId`.
		const response = await this.request('POST', '/rest/login', {
			body: { emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password },
		});
		if (response.status !== 200)
			throw new Error(`POST /rest/login → ${response.status}: ${response.text}`);
		this.owner = {
			email: OWNER.email,
			password: OWNER.password,
			cookie: authCookie(response.headers),
		};
		return this.owner;
	}

	/**
	 * Creates a public-API key with every scope the owner may grant, and uses it for `api()` from now on
	 * (`api()` calls this itself when no key exists yet).
	 * @param {{ label?: string }} [options]
	 * @returns {Promise<string>}
	 */
	async createApiKey(options = {}) {
		if (!this.owner) await this.setupOwner();
		const scopes = (await this.rest('GET', '/api-keys/scopes')).data;
		const created = await this.rest('POST', '/api-keys', {
			label: options.label ?? `osvi-e2e-${Date.now()}`,
			scopes,
			expiresAt: null,
		});
		const key = created.data?.rawApiKey ?? created.data?.apiKey;
		if (typeof key !== 'string')
			throw new Error(`POST /rest/api-keys returned no key: ${JSON.stringify(created)}`);
		this.apiKey = key;
		return key;
	}

	/**
	 * Public API call (`/api/v1` + path) with the instance's API key (created on first use, along with the
	 * owner). Resolves with the parsed body; throws on any status other than 2xx.
	 * @param {string} method
	 * @param {string} path  e.g. '/workflows' or '/executions?includeData=true'
	 * @param {unknown} [body]
	 */
	async api(method, path, body) {
		const apiKey = this.apiKey ?? (await this.createApiKey());
		return expectOk(
			method,
			`/api/v1${path}`,
			await this.request(method, `/api/v1${path}`, { body, headers: { 'X-N8N-API-KEY': apiKey } }),
		);
	}

	/**
	 * Internal REST call (`/rest` + path) as the owner (set up and logged in on first use), as n8n's own editor
	 * makes it. Resolves with the parsed body (n8n wraps most answers in `{ data }`); throws on any status
	 * other than 2xx.
	 * @param {string} method
	 * @param {string} path  e.g. '/credentials/test'
	 * @param {unknown} [body]
	 */
	async rest(method, path, body) {
		const owner = this.owner ?? (await this.setupOwner());
		return expectOk(
			method,
			`/rest${path}`,
			await this.request(method, `/rest${path}`, { body, headers: { cookie: owner.cookie } }),
		);
	}

	/**
	 * Node types the running server loaded, as the editor gets them (GET /types/nodes.json, owner only).
	 * Community nodes appear under their package name, e.g. `n8n-nodes-osvi.osvi`.
	 * @returns {Promise<Array<{ name: string, version: number | number[], displayName: string } & Record<string, any>>>}
	 */
	async nodeTypes() {
		return await this.editorTypes('/types/nodes.json');
	}

	/**
	 * Credential types the running server loaded (GET /types/credentials.json, owner only), e.g. `osviApi`.
	 * @returns {Promise<Array<{ name: string, displayName: string } & Record<string, any>>>}
	 */
	async credentialTypes() {
		return await this.editorTypes('/types/credentials.json');
	}

	/** @param {string} path */
	async editorTypes(path) {
		const owner = this.owner ?? (await this.setupOwner());
		return expectOk(
			'GET',
			path,
			await this.request('GET', path, { headers: { cookie: owner.cookie } }),
		);
	}

	/**
	 * Saves a credential through the internal REST API (as the editor does), while the server runs.
	 * Before `start()`, use `importCredentials()` instead.
	 * @param {{ name: string, type: string, data: Record<string, unknown> }} credential
	 * @returns {Promise<string>} its id
	 */
	async createCredential(credential) {
		const body = await this.rest('POST', '/credentials', credential);
		return body.data.id;
	}

	/**
	 * Runs a stored credential's test exactly as the editor does when a credential is saved: it reads the
	 * credential back (secrets redacted) and posts it to POST /rest/credentials/test, where n8n restores the
	 * secrets. Both 1.x and 2.x test only stored credentials. `overrides` replace fields of the stored data.
	 * @param {string} credentialId
	 * @param {Record<string, unknown>} [overrides]
	 * @returns {Promise<{ status: 'OK' | 'Error', message: string }>}
	 */
	async testCredential(credentialId, overrides = {}) {
		const stored = (await this.rest('GET', `/credentials/${credentialId}?includeData=true`)).data;
		const body = await this.rest('POST', '/credentials/test', {
			credentials: {
				id: credentialId,
				name: stored.name,
				type: stored.type,
				data: { ...stored.data, ...overrides },
			},
		});
		return body.data;
	}

	/**
	 * Executions through the public API (newest first), with their data by default.
	 * @param {{ workflowId?: string, status?: 'success' | 'error' | 'waiting' | 'canceled' | 'running', includeData?: boolean, limit?: number }} [filter]
	 * @returns {Promise<any[]>}
	 */
	async executions(filter = {}) {
		const query = new URLSearchParams({
			includeData: String(filter.includeData ?? true),
			limit: String(filter.limit ?? 100),
		});
		if (filter.workflowId) query.set('workflowId', filter.workflowId);
		if (filter.status) query.set('status', filter.status);
		const body = await this.api('GET', `/executions?${query}`);
		return body.data;
	}

	/**
	 * Polls the public API until a workflow has at least `count` finished executions, and returns them.
	 * @param {string} workflowId
	 * @param {{ count?: number, timeoutMs?: number }} [options]
	 * @returns {Promise<any[]>}
	 */
	async waitForExecutions(workflowId, options = {}) {
		const count = options.count ?? 1;
		const timeoutMs = options.timeoutMs ?? 30_000;
		const started = Date.now();
		for (;;) {
			const finished = (await this.executions({ workflowId })).filter(
				(execution) => execution.stoppedAt,
			);
			if (finished.length >= count) return finished;
			if (Date.now() - started > timeoutMs) {
				throw new Error(
					`Workflow ${workflowId} has ${finished.length} finished execution(s) after ${timeoutMs} ms, expected ${count}.`,
				);
			}
			await sleep(300);
		}
	}

	/**
	 * Any HTTP call to this instance (path from the root, e.g. '/healthz'). Never throws on a status.
	 * @param {string} method
	 * @param {string} path
	 * @param {{ body?: unknown, headers?: Record<string, string> }} [options]
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
		let response;
		try {
			response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
		} catch (error) {
			const cause =
				/** @type {{ cause?: { code?: string } }} */ (error).cause?.code ?? String(error);
			const state = this.server ? '' : ' (n8n is not running: start() first, or it crashed)';
			throw new Error(
				`${method} ${this.baseUrl}${path} failed: ${cause}${state}\n${this.serverLog(30)}`,
			);
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
	 * Stops `n8n start`: lets executions settle (a 1.x run stopped mid-save is marked crashed), then SIGTERM to
	 * its process group (n8n and its task runner), SIGKILL after the grace period.
	 * @param {{ settleMs?: number }} [options]
	 */
	async stop(options = {}) {
		const server = this.server;
		if (!server) return;
		await sleep(options.settleMs ?? 1000);
		await terminate(server.child, server.exited, server.pidFile, this.graceMs);
		this.server = undefined;
	}

	/** Stops everything this instance runs and removes its temporary folder (not a folder the caller passed). */
	async dispose() {
		if (this.disposed) return;
		await this.stop();
		await Promise.all(
			[...this.children].map((child) => terminate(child, exitOf(child), undefined, this.graceMs)),
		);
		this.disposed = true;
		liveInstances.delete(this);
		if (this.ownsFolder && process.env.OSVI_E2E_KEEP !== '1') {
			rmSync(this.userFolder, { recursive: true, force: true });
		}
	}

	/**
	 * The last lines n8n start printed (for error messages).
	 * @param {number} [lines]
	 */
	serverLog(lines = 60) {
		const file = this.server?.logFile ?? this.lastStartLog;
		if (!file || !existsSync(file)) return '(no server log)';
		return `--- n8n start log (${file}) ---\n${lastLines(readFileSync(file, 'utf8'), lines)}`;
	}

	/**
	 * Runs any n8n command of this instance to completion (`n8n <args>`); throws with its output when it fails,
	 * unless allowFailure.
	 * @param {string[]} args  e.g. ['export:workflow', '--all', '--output=/tmp/x.json']
	 * @param {{ allowFailure?: boolean, timeoutMs?: number }} [options]
	 * @returns {Promise<CommandResult>}
	 */
	async n8n(args, options = {}) {
		if (this.disposed) throw new Error('This instance was disposed.');
		const started = Date.now();
		const brokerPort = await freePort();
		const name = args[0].replace(/[^a-z]+/gi, '-');
		const { child, exited, pidFile, outFile, errFile } = this.spawnN8n(args, name, brokerPort);
		/** @type {NodeJS.Timeout | undefined} */
		let timer;
		let timedOut = false;
		if (options.timeoutMs) {
			timer = setTimeout(() => {
				timedOut = true;
				void terminate(child, exited, pidFile, 5_000);
			}, options.timeoutMs);
		}
		const exitCode = await exited;
		if (timer) clearTimeout(timer);
		const result = {
			exitCode,
			stdout: readFileSync(outFile, 'utf8'),
			stderr: readFileSync(errFile, 'utf8'),
			durationMs: Date.now() - started,
		};
		if (timedOut)
			throw new Error(
				`n8n ${args.join(' ')} timed out after ${options.timeoutMs} ms.\n${tail(result)}`,
			);
		if (exitCode !== 0 && !options.allowFailure) {
			throw new Error(`n8n ${args.join(' ')} failed with exit code ${exitCode}.\n${tail(result)}`);
		}
		return result;
	}

	/**
	 * @param {string[]} args
	 * @param {string} name
	 * @param {number} [brokerPort]
	 */
	spawnN8n(args, name, brokerPort) {
		const index = String(++this.commandCount).padStart(2, '0');
		const logsDir = join(this.workDir, 'logs');
		mkdirSync(logsDir, { recursive: true });
		const outFile = join(logsDir, `${index}-${name}.out.log`);
		const errFile = name === 'start' ? outFile : join(logsDir, `${index}-${name}.err.log`);
		const pidFile = join(logsDir, `${index}-${name}.pid`);
		const out = openSync(outFile, 'a');
		const err = errFile === outFile ? out : openSync(errFile, 'a');
		const port = brokerPort ?? 0;
		const child = spawn(
			process.execPath,
			[
				WATCHDOG,
				String(this.graceMs),
				pidFile,
				this.install.nodePath,
				this.install.n8nBin,
				...args,
			],
			{
				cwd: this.userFolder,
				env: this.env(port),
				stdio: ['pipe', out, err],
				// Own process group: a Ctrl-C in the terminal reaches only the caller, which stops n8n in order.
				detached: true,
			},
		);
		closeSync(out);
		if (err !== out) closeSync(err);
		if (name === 'start') {
			// A forgotten server must not keep the caller alive: the exit handlers below stop it.
			child.unref();
			/** @type {any} */ (child.stdin)?.unref?.();
		}
		this.children.add(child);
		const exited = exitOf(child).finally(() => this.children.delete(child));
		if (name === 'start') this.lastStartLog = outFile;
		return { child, exited, pidFile, outFile, errFile, logFile: outFile };
	}

	/**
	 * Writes a JSON file for an n8n command into the instance's work folder and returns its path.
	 * @param {string} name
	 * @param {unknown} content
	 */
	writeWorkFile(name, content) {
		const file = join(this.workDir, `${name}-${++this.fileCount}.json`);
		writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
		return file;
	}

	/** Synchronous last resort for process exit: ask every watchdog to stop its n8n. */
	killNow() {
		for (const child of this.children) {
			try {
				child.kill('SIGTERM');
			} catch {
				// Already gone.
			}
		}
	}
}

/**
 * Output items of one node in an n8n run: `run.data.resultData.runData[node][runIndex].data.main[output]`,
 * as plain JSON objects.
 * @param {any} run  `ExecuteResult.run`, or an execution's `data` from the public API wrapped as { data }
 * @param {string} nodeName
 * @param {{ output?: number, runIndex?: number }} [options]
 * @returns {Array<Record<string, any>>}
 */
export function nodeOutput(run, nodeName, options = {}) {
	const runData = run?.data?.resultData?.runData ?? run?.resultData?.runData;
	const nodeRuns = runData?.[nodeName];
	if (!nodeRuns) {
		throw new Error(
			`Node "${nodeName}" did not run. Nodes that ran: ${Object.keys(runData ?? {}).join(', ') || 'none'}`,
		);
	}
	const items = nodeRuns[options.runIndex ?? 0]?.data?.main?.[options.output ?? 0] ?? [];
	return items.map((/** @type {{ json: Record<string, any> }} */ item) => item.json);
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

/**
 * n8n-style id (16 letters and digits), for workflows and credentials imported without one.
 * @returns {string}
 */
export function newId() {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
	return [...randomBytes(16)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/**
 * The run JSON printed by `n8n execute`: 2.x prints log lines first, so it starts at the first line that is
 * exactly `{` and ends at the next line that is exactly `}`.
 * @param {string} output
 * @returns {any}
 */
export function parseRunJson(output) {
	const lines = output.split('\n');
	const start = lines.findIndex((line) => line.trimEnd() === '{');
	if (start === -1) return null;
	for (let end = start + 1; end < lines.length; end++) {
		if (lines[end].trimEnd() !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			// A nested '}' line of a string value; keep looking.
		}
	}
	return null;
}

/** @param {number} ms */
function sleep(ms) {
	return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

/** @type {WeakMap<import('node:child_process').ChildProcess, Promise<number>>} */
const exitPromises = new WeakMap();

/**
 * Exit code of a child (128 + signal number when a signal ended it), one promise per child.
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<number>}
 */
function exitOf(child) {
	let promise = exitPromises.get(child);
	if (!promise) {
		promise = new Promise((resolveExit) => {
			child.once('exit', (code, signal) =>
				resolveExit(code ?? 128 + (signal ? (constants.signals[signal] ?? 1) : 1)),
			);
		});
		exitPromises.set(child, promise);
	}
	return promise;
}

/**
 * SIGTERM to the watchdog (which stops n8n's group in order), then SIGKILL to both after the grace period.
 * @param {import('node:child_process').ChildProcess} child
 * @param {Promise<number>} exited
 * @param {string | undefined} pidFile
 * @param {number} graceMs
 */
async function terminate(child, exited, pidFile, graceMs) {
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
	if (pidFile && existsSync(pidFile)) {
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
 */
function expectOk(method, path, response) {
	if (response.status < 200 || response.status >= 300) {
		throw new Error(`${method} ${path} → ${response.status}: ${response.text.slice(0, 2000)}`);
	}
	return response.json;
}

/** @param {{ stdout: string, stderr: string }} result */
function tail(result) {
	return `--- stdout ---\n${lastLines(result.stdout, 40)}\n--- stderr ---\n${lastLines(result.stderr, 40)}`;
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
			rmSync(instance.userFolder, { recursive: true, force: true });
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
