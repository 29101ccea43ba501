// @ts-check
// `npm start`: a real n8n 2.x on http://localhost:5678 with this package installed from its packed tarball,
// the OSVI sandbox, an "OSVI Sandbox" credential and the example workflows. Ctrl-C stops everything.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { cleanEnv, log, runCommand } from './lib/cache.mjs';
import { createInstance } from './lib/n8n-instance.mjs';
import { packProject, PROJECT_DIR } from './lib/pack.mjs';

const N8N_PORT = 5678;
const SANDBOX_PORT = 5679;
// The example workflows refer to this credential and secret; neither guards anything real.
const CREDENTIAL = { id: 'osviSandboxCred01', name: 'OSVI Sandbox' };
const WEBHOOK_SECRET = 'demo-webhook-secret';
// Long enough to watch a call "in progress" in List calls, short enough to see the trigger fire.
const CALL_DURATION_MS = 5_000;

function readExamples() {
	const folder = join(PROJECT_DIR, 'examples');
	return readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(readFileSync(join(folder, file), 'utf8')));
}

async function startSandbox() {
	log('compiling the OSVI sandbox');
	await runCommand('npm', ['run', 'build:sandbox'], { cwd: PROJECT_DIR, env: cleanEnv() });
	const require = createRequire(import.meta.url);
	const { startSandbox: start } = require('../build/sandbox/server.js');
	return await start({
		port: SANDBOX_PORT,
		recent: true,
		callDurationMs: CALL_DURATION_MS,
		log: (/** @type {string} */ line) => console.log(`[sandbox] ${line}`),
	});
}

async function main() {
	const tarball = await packProject({ outDir: join(PROJECT_DIR, 'build', 'pack') });
	const sandbox = await startSandbox();
	const instance = await createInstance({
		major: 2,
		port: N8N_PORT,
		env: { GENERIC_TIMEZONE: 'Asia/Kolkata' },
	});

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the OSVI sandbox…');
		await instance.dispose();
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);

	await instance.installPackage(tarball);
	await instance.importCredentials([
		{
			...CREDENTIAL,
			type: 'osviApi',
			data: { apiToken: sandbox.token, baseUrl: sandbox.url, webhookSecret: WEBHOOK_SECRET },
		},
	]);
	const examples = readExamples();
	const ids = await instance.importWorkflows(examples);
	for (const [index, workflow] of examples.entries()) {
		if (
			workflow.nodes.some(
				(/** @type {{ type: string }} */ node) =>
					node.type.endsWith('Trigger') && !node.type.endsWith('manualTrigger'),
			)
		) {
			await instance.publish(ids[index]);
		}
	}
	await instance.start();
	const owner = await instance.setupOwner();

	console.log(`
n8n with the OSVI nodes is running: http://localhost:${N8N_PORT}
  Sign in as ${owner.email} with the password ${owner.password}

OSVI sandbox: ${sandbox.url}  (API token ${sandbox.token})
  Credential "${CREDENTIAL.name}" points at it; its webhook secret is "${WEBHOOK_SECRET}".

Example workflows (Overview):
${examples.map((workflow) => `  - ${workflow.name}`).join('\n')}
  Run "place calls from a list": two calls are placed, the third row is rejected before anything is sent.
  About ${CALL_DURATION_MS / 1000} s later each call ends, and "react to finished calls" runs (see Executions).

Press Ctrl-C to stop everything.`);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.stack : error);
	process.exit(1);
});
