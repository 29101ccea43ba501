// @ts-check
// A throwaway Redis for n8n's queue mode: Debian's redis-server, on 127.0.0.1 only, with a random password, its
// working folder in a folder of the caller, and no persistence (nothing saved, no append-only file). Its settings
// go in a file readable only by us, so that the password never appears in a process list.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { cleanEnv } from './cache.mjs';
import { startService, waitUntilReady } from './services.mjs';

/**
 * @typedef {object} Redis
 * @property {string} host
 * @property {number} port
 * @property {string} password
 * @property {Record<string, string>} n8nEnv  n8n's QUEUE_BULL_REDIS_* settings for this server
 * @property {import('./services.mjs').Service} service
 * @property {() => Promise<void>} stop
 */

/**
 * Starts redis-server on `port` with `folder` as its working folder.
 * @param {{ folder: string, port: number, graceMs?: number }} options
 * @returns {Promise<Redis>}
 */
export async function startRedis(options) {
	const { folder, port } = options;
	mkdirSync(folder, { recursive: true, mode: 0o700 });
	const password = randomBytes(18).toString('base64url');
	const configFile = join(folder, 'redis.conf');
	writeFileSync(
		configFile,
		[
			`port ${port}`,
			'bind 127.0.0.1',
			'protected-mode yes',
			`dir ${folder}`,
			'save ""',
			'appendonly no',
			'daemonize no',
			`requirepass ${password}`,
			'',
		].join('\n'),
		{ mode: 0o600 },
	);
	const service = startService('redis', 'redis-server', [configFile], {
		logFile: join(folder, 'redis.log'),
		cwd: folder,
		env: cleanEnv(),
		graceMs: options.graceMs,
	});
	try {
		await waitUntilReady(service, () => ping(port, password));
	} catch (error) {
		service.kill();
		throw error;
	}
	return {
		host: '127.0.0.1',
		port,
		password,
		n8nEnv: {
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(port),
			QUEUE_BULL_REDIS_PASSWORD: password,
		},
		service,
		stop: () => service.stop('SIGTERM'),
	};
}

/**
 * Whether Redis answers AUTH and PING (its own protocol, two inline commands).
 * @param {number} port
 * @param {string} password
 * @returns {Promise<boolean>}
 */
function ping(port, password) {
	return new Promise((resolvePing) => {
		const socket = connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (/** @type {boolean} */ ok) => {
			socket.destroy();
			resolvePing(ok);
		};
		socket.setTimeout(1_000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write(`AUTH ${password}\r\nPING\r\n`));
		socket.on('data', (chunk) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n+PONG\r\n') || answer.startsWith('-')) done(answer === '+OK\r\n+PONG\r\n');
		});
	});
}
