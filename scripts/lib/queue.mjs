// @ts-check
// n8n's queue mode, as teams run it when one n8n process is no longer enough: PostgreSQL and Redis, `n8n start`
// (main: editor, REST and public API, activation of triggers, polling), one `n8n worker` (runs every execution)
// and one `n8n webhook` processor (takes production webhooks and queues their executions), all with one
// encryption key, and a load balancer in front that sends /webhook/* (and the other webhook paths) to the webhook
// processor and everything else to main. `createInstance({ major: 2, topology: 'queue' })` starts it through
// this module; the instance then starts, stops and logs the three n8n processes as it does its single one.
//
// Each n8n process gets a user folder of its own, as it would on a machine of its own, and the package is
// installed into each (`<folder>/.n8n/nodes`): a process without it cannot run our nodes.
//   <instance folder>/            main's N8N_USER_FOLDER and every log (logs/)
//   <instance folder>/worker/     the worker's
//   <instance folder>/webhook/    the webhook processor's
//   <instance folder>/services/   PostgreSQL's cluster and Redis's folder
// OSVI_E2E_QUEUE_SKIP_PACKAGE=worker (or webhook, main; comma-separated) installs no package for those processes:
// the way to see the suite fail when a process cannot load the package.
import { chmodSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ensureDebianPackages } from './debian.mjs';
import { freePort } from './n8n-instance.mjs';
import { queryText, startPostgres } from './postgres.mjs';
import { startRedis } from './redis.mjs';

/** @typedef {'main' | 'worker' | 'webhook'} QueueRole */

/** Paths that n8n's webhook processor serves (its WebhookServer); a load balancer sends these to it. */
const WEBHOOK_PROCESSOR_PATHS = ['/webhook/', '/webhook-waiting/', '/form/', '/form-waiting/', '/mcp/'];

/** n8n's own default (`n8n worker --concurrency`): executions one worker runs at the same time. */
export const WORKER_CONCURRENCY = 10;

/**
 * A long-running n8n process beside `n8n start`, started once main is ready and stopped before it.
 * @typedef {object} Companion
 * @property {QueueRole} role
 * @property {string[]} args          n8n's command line, e.g. ['worker', '--concurrency=10']
 * @property {Record<string, string>} env  on top of the environment every process of the instance gets
 * @property {string} readyUrl         answers 200 once the process is ready
 */

/**
 * @typedef {object} QueueTopology
 * @property {Record<string, string>} env  what every n8n process gets (queue mode, PostgreSQL, Redis)
 * @property {Companion[]} companions      the worker and the webhook processor
 * @property {string} publicUrl            the load balancer: where users, OSVI and the tests reach n8n
 * @property {Record<QueueRole, string>} userFolders
 * @property {string[]} packageFolders     the user folders that get the package (all three, unless skipped)
 * @property {{ main: string, webhook: string }} directUrls  each server's own address, past the load balancer
 * @property {() => { main: number, webhook: number }} routed  requests the load balancer sent to each, so far
 * @property {number} workerConcurrency
 * @property {import('./postgres.mjs').Postgres} postgres
 * @property {import('./redis.mjs').Redis} redis
 * @property {(workflowIds: string[]) => Promise<Array<{ executionId: string, data: string, workflowData: string }>>} storedExecutionData
 *   n8n's `execution_data` rows of those workflows' executions, read from PostgreSQL
 * @property {() => Promise<void>} dispose  after n8n stopped: the load balancer, Redis and PostgreSQL
 * @property {() => void} kill             synchronous, at process exit
 */

/**
 * Starts PostgreSQL, Redis and the load balancer for an instance, and says how to start its n8n processes.
 * Installs Debian's postgresql and redis-server packages first when they are missing (once per machine).
 * @param {{ userFolder: string, mainPort: number, workerConcurrency?: number }} options
 * @returns {Promise<QueueTopology>}
 */
export async function startQueueTopology(options) {
	const { userFolder, mainPort } = options;
	await ensureDebianPackages(['postgresql', 'redis-server']);
	const workerConcurrency = options.workerConcurrency ?? WORKER_CONCURRENCY;
	const servicesFolder = join(userFolder, 'services');
	mkdirSync(servicesFolder, { recursive: true });
	if (process.getuid?.() === 0) {
		// PostgreSQL runs as its own user: it must be able to pass through to its folder (not to read ours).
		chmodSync(userFolder, 0o711);
		chmodSync(servicesFolder, 0o711);
	}
	/** @type {Record<QueueRole, string>} */
	const userFolders = { main: userFolder, worker: join(userFolder, 'worker'), webhook: join(userFolder, 'webhook') };
	mkdirSync(userFolders.worker, { recursive: true });
	mkdirSync(userFolders.webhook, { recursive: true });

	const [postgresPort, redisPort, webhookPort, workerHealthPort, publicPort] = await Promise.all(
		Array.from({ length: 5 }, () => freePort()),
	);
	const [postgres, redis] = await Promise.allSettled([
		startPostgres({ folder: join(servicesFolder, 'postgres'), port: postgresPort }),
		startRedis({ folder: join(servicesFolder, 'redis'), port: redisPort }),
	]);
	if (postgres.status === 'rejected' || redis.status === 'rejected') {
		if (postgres.status === 'fulfilled') await postgres.value.stop();
		if (redis.status === 'fulfilled') await redis.value.stop();
		throw postgres.status === 'rejected' ? postgres.reason : /** @type {PromiseRejectedResult} */ (redis).reason;
	}

	const directUrls = { main: `http://127.0.0.1:${mainPort}`, webhook: `http://127.0.0.1:${webhookPort}` };
	const balancer = await startLoadBalancer(publicPort, { main: mainPort, webhook: webhookPort });

	const skipped = new Set((process.env.OSVI_E2E_QUEUE_SKIP_PACKAGE ?? '').split(',').map((role) => role.trim()));
	const topology = {
		env: {
			EXECUTIONS_MODE: 'queue',
			...postgres.value.n8nEnv,
			...redis.value.n8nEnv,
			// Main takes no production webhook: the webhook processor does, as n8n advises for queue mode.
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			// n8n 3 does this always; on 2.x it sends the editor's manual runs to the worker too.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		},
		/** @type {Companion[]} */
		companions: [
			{
				role: 'worker',
				args: ['worker', `--concurrency=${workerConcurrency}`],
				env: {
					N8N_USER_FOLDER: userFolders.worker,
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(workerHealthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				},
				readyUrl: `http://127.0.0.1:${workerHealthPort}/healthz/readiness`,
			},
			{
				role: 'webhook',
				args: ['webhook'],
				env: { N8N_USER_FOLDER: userFolders.webhook, N8N_PORT: String(webhookPort) },
				readyUrl: `${directUrls.webhook}/healthz/readiness`,
			},
		],
		publicUrl: balancer.url,
		userFolders,
		packageFolders: /** @type {QueueRole[]} */ (['main', 'worker', 'webhook'])
			.filter((role) => !skipped.has(role))
			.map((role) => userFolders[role]),
		directUrls,
		routed: balancer.routed,
		workerConcurrency,
		postgres: postgres.value,
		redis: redis.value,
		/** @param {string[]} workflowIds */
		async storedExecutionData(workflowIds) {
			for (const id of workflowIds) {
				if (!/^[A-Za-z0-9]+$/.test(id)) throw new Error(`Not an n8n workflow id: ${JSON.stringify(id)}`);
			}
			if (workflowIds.length === 0) return [];
			const text = await queryText(
				postgres.value,
				`SELECT coalesce(json_agg(json_build_object('executionId', d."executionId"::text, 'data', d.data, ` +
					`'workflowData', d."workflowData"::text)), '[]'::json) FROM execution_data d ` +
					`JOIN execution_entity e ON e.id = d."executionId" ` +
					`WHERE e."workflowId" IN (${workflowIds.map((id) => `'${id}'`).join(', ')})`,
			);
			return JSON.parse(text);
		},
		async dispose() {
			await balancer.close();
			await Promise.all([redis.value.stop(), postgres.value.stop()]);
		},
		kill() {
			balancer.server.closeAllConnections();
			redis.value.service.kill();
			postgres.value.service.kill();
		},
	};
	return topology;
}

/**
 * The load balancer: a loopback HTTP proxy that sends the webhook processor's paths to it and everything else to
 * main, counting requests per target. WebSocket upgrades (the editor's push connection) are passed through.
 * @param {number} port
 * @param {{ main: number, webhook: number }} targets
 */
async function startLoadBalancer(port, targets) {
	const routed = { main: 0, webhook: 0 };
	const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
	/** @param {string} url */
	const targetOf = (url) => (WEBHOOK_PROCESSOR_PATHS.some((prefix) => url.startsWith(prefix)) ? 'webhook' : 'main');
	const server = http.createServer((request, response) => {
		const url = request.url ?? '/';
		const target = targetOf(url);
		routed[target] += 1;
		const headers = { ...request.headers };
		for (const hopByHop of ['connection', 'keep-alive', 'proxy-connection', 'upgrade']) delete headers[hopByHop];
		headers['x-forwarded-for'] = request.socket.remoteAddress ?? '127.0.0.1';
		const upstream = http.request(
			{ host: '127.0.0.1', port: targets[target], method: request.method, path: url, headers, agent },
			(answer) => {
				const answerHeaders = { ...answer.headers };
				for (const hopByHop of ['connection', 'keep-alive', 'transfer-encoding']) delete answerHeaders[hopByHop];
				response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answerHeaders);
				answer.pipe(response);
			},
		);
		upstream.on('error', (error) => {
			if (response.headersSent) {
				response.destroy(error);
				return;
			}
			response.writeHead(502, { 'content-type': 'text/plain' });
			response.end(`load balancer: ${target} (port ${targets[target]}) did not answer: ${error.message}\n`);
		});
		request.pipe(upstream);
	});
	server.on('upgrade', (request, socket, head) => {
		const target = targetOf(request.url ?? '/');
		routed[target] += 1;
		const upstream = connect({ host: '127.0.0.1', port: targets[target] }, () => {
			const lines = [`${request.method} ${request.url} HTTP/${request.httpVersion}`];
			for (let i = 0; i < request.rawHeaders.length; i += 2) lines.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
			upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
			if (head.length > 0) upstream.write(head);
			upstream.pipe(socket);
			socket.pipe(upstream);
		});
		upstream.on('error', () => socket.destroy());
		socket.on('error', () => upstream.destroy());
	});
	await new Promise((resolveListen, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolveListen(undefined));
	});
	server.unref();
	return {
		server,
		url: `http://127.0.0.1:${port}`,
		routed: () => ({ ...routed }),
		async close() {
			server.closeAllConnections();
			await new Promise((resolveClose) => server.close(() => resolveClose(undefined)));
			agent.destroy();
		},
	};
}
