// Runs the OSVI sandbox from the command line: `npm run sandbox` (which compiles it first), then point an OSVI
// credential's Base URL at the printed URL and use the printed token. Ctrl-C stops it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const compiledServer = new URL('../build/sandbox/server.js', import.meta.url);

const usage = `Usage: node scripts/sandbox.mjs [options]

  --port <n>              port to listen on (default 5679, or OSVI_SANDBOX_PORT; 0 = any free port)
  --host <address>        address to bind (default 127.0.0.1)
  --token <token>         API-Token to accept (default sandboxtoken0001, or OSVI_SANDBOX_TOKEN)
  --seed <n>              seed of the generated agents and calls
  --calls <n>             number of seeded calls (default 300)
  --latency-ms <n>        delay before every API answer (default 0)
  --call-duration-ms <n>  how long a placed call runs before it ends (default 200)
  --recent                seed calls up to yesterday instead of up to 2026-06-30
  --quiet                 do not print one line per request
  --help                  show this text`;

function fail(message) {
	console.error(`${message}\n\n${usage}`);
	process.exit(2);
}

function integerOption(name, value, fallback) {
	if (value === undefined || value === '') return fallback;
	if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer (got "${value}")`);
	return Number(value);
}

let parsed;
try {
	parsed = parseArgs({
		options: {
			port: { type: 'string' },
			host: { type: 'string' },
			token: { type: 'string' },
			seed: { type: 'string' },
			calls: { type: 'string' },
			'latency-ms': { type: 'string' },
			'call-duration-ms': { type: 'string' },
			quiet: { type: 'boolean', default: false },
			recent: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false },
		},
	});
} catch (error) {
	fail(error.message);
}
const { values } = parsed;
if (values.help) {
	console.log(usage);
	process.exit(0);
}
if (!existsSync(compiledServer)) {
	fail(
		'The sandbox is not compiled yet: run `npx tsc -p tsconfig.sandbox.json` (or `npm run sandbox`).',
	);
}

const { startSandbox } = createRequire(import.meta.url)(fileURLToPath(compiledServer));
const sandbox = await startSandbox({
	port: integerOption('port', values.port ?? process.env.OSVI_SANDBOX_PORT, 5679),
	host: values.host ?? '127.0.0.1',
	token: values.token || process.env.OSVI_SANDBOX_TOKEN || undefined,
	seed: integerOption('seed', values.seed, undefined),
	callCount: integerOption('calls', values.calls, undefined),
	recent: values.recent,
	latencyMs: integerOption('latency-ms', values['latency-ms'], 0),
	callDurationMs: integerOption('call-duration-ms', values['call-duration-ms'], undefined),
	log: values.quiet ? undefined : (line) => console.log(`${new Date().toISOString()} ${line}`),
}).catch((error) => fail(`Could not start the sandbox: ${error.message}`));

const agents = sandbox.snapshot().agents.filter((agent) => !agent.archived);
console.log(`OSVI sandbox listening on ${sandbox.url}
  API-Token: ${sandbox.token}
  Active agents: ${agents.map((agent) => `${agent.agent_id} (${agent.name})`).join(', ')}
  Try: curl -H 'API-Token: ${sandbox.token}' ${sandbox.url}/v1/active_agents
  Control API (no token): ${sandbox.url}/__sandbox/requests, /__sandbox/webhooks, POST /__sandbox/reset
Press Ctrl-C to stop.`);

let stopping = false;
async function stop(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`\n${signal}: closing the sandbox`);
	await sandbox.close();
	process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
