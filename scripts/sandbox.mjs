// @ts-check
// Runs the OSVI sandbox from the command line: `npm run sandbox` compiles it and starts it; point an OSVI
// credential's Base URL at the printed URL and use the printed token. Ctrl-C stops it.
import { parseArgs } from 'node:util';
import { startSandbox } from './lib/index.mjs';

const usage = `Usage: npm run sandbox -- [options]

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

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
	console.error(`${message}\n\n${usage}`);
	process.exit(2);
}

/**
 * @template {number | undefined} F
 * @param {string} name
 * @param {string | undefined} value
 * @param {F} fallback
 * @returns {number | F}
 */
function integerOption(name, value, fallback) {
	if (value === undefined || value === '') return fallback;
	if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer (got "${value}")`);
	return Number(value);
}

function parseOptions() {
	try {
		return parseArgs({
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
		}).values;
	} catch (error) {
		return fail(error instanceof Error ? error.message : String(error));
	}
}

const values = parseOptions();
if (values.help) {
	console.log(usage);
	process.exit(0);
}

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
}).catch((error) => fail(`Could not start the sandbox: ${error instanceof Error ? error.message : String(error)}`));

const agents = sandbox.snapshot().agents.filter((agent) => !agent.archived);
console.log(`OSVI sandbox listening on ${sandbox.url}
  API-Token: ${sandbox.token}
  Active agents: ${agents.map((agent) => `${agent.agent_id} (${agent.name})`).join(', ')}
  Try: curl -H 'API-Token: ${sandbox.token}' ${sandbox.url}/v1/active_agents
  Control API (no token): ${sandbox.url}/__sandbox/requests, /__sandbox/webhooks, POST /__sandbox/reset
Press Ctrl-C to stop.`);

let stopping = false;
/** @param {NodeJS.Signals} signal */
async function stop(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`\n${signal}: closing the sandbox`);
	await sandbox.close();
	process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
