// @ts-check
// A throwaway PostgreSQL server for n8n's queue mode: Debian's (or Ubuntu's) own binaries from the postgresql
// package, a fresh cluster in a folder of the caller, TCP on 127.0.0.1 only (no Unix socket), a random password,
// and durability off (a test database: fsync, synchronous commit and full-page writes cost time and buy nothing).
// initdb and postgres refuse to run as root. As root (our machines) both run as the `postgres` user that the
// package creates, through util-linux's `setpriv` (it replaces itself with the server, so signals reach
// PostgreSQL directly and no login session is opened); as anyone else (GitHub's runners) they run as that user.
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, runCommand } from './cache.mjs';
import { startService, waitUntilReady } from './services.mjs';

/** The PostgreSQL account that the Debian and Ubuntu packages create; it runs the server when we are root. */
const SERVER_ACCOUNT = 'postgres';

/**
 * @typedef {object} Postgres
 * @property {string} host
 * @property {number} port
 * @property {string} user
 * @property {string} password
 * @property {string} database
 * @property {Record<string, string>} n8nEnv  n8n's DB_* settings for this server
 * @property {import('./services.mjs').Service} service
 * @property {() => Promise<void>} stop  fast shutdown (disconnects clients)
 */

/**
 * The newest installed server version's bin folder, e.g. /usr/lib/postgresql/15/bin.
 * @returns {string}
 */
export function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root)
		? readdirSync(root)
				.filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) {
		throw new Error(`No PostgreSQL server under ${root}: install the Debian package postgresql.`);
	}
	return join(root, versions[0], 'bin');
}

/**
 * How to run the server's commands: as `postgres` through setpriv when we are root, else as ourselves.
 * @returns {string[]}  the words that go before the command
 */
function asServerAccount() {
	if (process.getuid?.() !== 0) return [];
	return ['setpriv', `--reuid=${SERVER_ACCOUNT}`, `--regid=${SERVER_ACCOUNT}`, '--init-groups', '--'];
}

/**
 * Creates a cluster in `<folder>/data` and starts PostgreSQL on `port`, with a database `n8n` owned by the user
 * `n8n`. `folder` must be new or empty; its parent must be traversable by others when we are root (the server
 * runs as `postgres`).
 * @param {{ folder: string, port: number, graceMs?: number }} options
 * @returns {Promise<Postgres>}
 */
export async function startPostgres(options) {
	const bin = postgresBinDir();
	const prefix = asServerAccount();
	const folder = options.folder;
	const dataDir = join(folder, 'data');
	const user = 'n8n';
	const database = 'n8n';
	const password = randomBytes(18).toString('base64url');
	mkdirSync(folder, { recursive: true, mode: 0o700 });
	const passwordFile = join(folder, 'password');
	writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
	if (prefix.length > 0) await chownToServerAccount(folder, passwordFile);

	/** @param {string} command @param {string[]} args */
	const asServer = (command, args) => [...prefix, join(bin, command), ...args];
	const env = cleanEnv({ LC_ALL: 'C', LANG: 'C' });
	const [initdb, ...initdbArgs] = asServer('initdb', [
		'--pgdata',
		dataDir,
		'--username',
		user,
		`--pwfile=${passwordFile}`,
		'--auth=scram-sha-256',
		'--encoding=UTF8',
		'--locale=C',
		'--no-sync',
	]);
	await runCommand(initdb, initdbArgs, { cwd: folder, env, timeoutMs: 120_000 });
	rmSync(passwordFile, { force: true });

	const [postgres, ...postgresArgs] = asServer('postgres', [
		'-D',
		dataDir,
		'-p',
		String(options.port),
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'unix_socket_directories=',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=200',
		// Docker gives containers (CI runs in one) a 64 MB /dev/shm; files in the cluster's folder have no such limit.
		'-c',
		'dynamic_shared_memory_type=mmap',
	]);
	const service = startService('postgres', postgres, postgresArgs, {
		logFile: join(folder, 'postgres.log'),
		cwd: folder,
		env,
		graceMs: options.graceMs,
	});
	const clientEnv = cleanEnv({ PGPASSWORD: password, PGCONNECT_TIMEOUT: '2' });
	const connection = ['--host', '127.0.0.1', '--port', String(options.port), '--username', user];
	try {
		await waitUntilReady(service, async () => {
			const ready = await runCommand(join(bin, 'pg_isready'), [...connection, '--dbname', 'postgres'], {
				env: clientEnv,
				allowFailure: true,
			});
			return ready.code === 0;
		});
		await runCommand(join(bin, 'createdb'), [...connection, '--owner', user, database], { env: clientEnv });
	} catch (error) {
		service.kill();
		throw error;
	}

	return {
		host: '127.0.0.1',
		port: options.port,
		user,
		password,
		database,
		n8nEnv: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(options.port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: user,
			DB_POSTGRESDB_PASSWORD: password,
		},
		service,
		// SIGINT is PostgreSQL's fast shutdown: it disconnects whoever is still connected instead of waiting.
		stop: () => service.stop('SIGINT'),
	};
}

/**
 * Gives the server's account the folder (and the password file initdb reads), so that it can create its cluster.
 * @param {string} folder
 * @param {string} passwordFile
 */
async function chownToServerAccount(folder, passwordFile) {
	const id = async (/** @type {string} */ flag) =>
		Number((await runCommand('id', [flag, SERVER_ACCOUNT])).stdout.trim());
	let uid;
	let gid;
	try {
		[uid, gid] = [await id('-u'), await id('-g')];
	} catch {
		throw new Error(
			`As root, PostgreSQL runs as the user "${SERVER_ACCOUNT}", which does not exist: install the Debian package postgresql (it creates that user).`,
		);
	}
	chownSync(folder, uid, gid);
	chownSync(passwordFile, uid, gid);
}

/**
 * Runs one query with psql and resolves with its single text value (e.g. a json_agg). Values must already be
 * safe to inline: callers pass only identifiers that n8n generated and they checked.
 * @param {Postgres} server
 * @param {string} sql
 * @returns {Promise<string>}
 */
export async function queryText(server, sql) {
	const { stdout } = await runCommand(
		join(postgresBinDir(), 'psql'),
		[
			'--host',
			server.host,
			'--port',
			String(server.port),
			'--username',
			server.user,
			'--dbname',
			server.database,
			'--no-psqlrc',
			'--tuples-only',
			'--no-align',
			'--quiet',
			'--set',
			'ON_ERROR_STOP=1',
			'--command',
			sql,
		],
		{ env: cleanEnv({ PGPASSWORD: server.password }) },
	);
	return stdout.trim();
}
