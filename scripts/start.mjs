// @ts-check
// `npm start`: a real n8n 2.x on http://localhost:5678 with this package installed from its packed tarball,
// the OSVI sandbox, an "OSVI Sandbox" credential and the example workflows. Ctrl-C stops everything.
import { join } from 'node:path';
import {
	adapt,
	allExamples,
	createInstance,
	hasActivatableTrigger,
	packPackage,
	PROJECT_DIR,
	startSandbox,
} from './lib/index.mjs';

const N8N_PORT = 5678;
const SANDBOX_PORT = 5679;
// The example workflows refer to this credential and secret; neither guards anything real.
const CREDENTIAL_NAME = 'OSVI Sandbox';
const WEBHOOK_SECRET = 'demo-webhook-secret';
// Long enough to watch a call "in progress" in List calls, short enough to see the trigger fire.
const CALL_DURATION_MS = 5_000;

async function main() {
	const tarball = await packPackage({ build: true, outDir: join(PROJECT_DIR, 'build', 'pack') });
	const sandbox = await startSandbox({
		port: SANDBOX_PORT,
		recent: true,
		callDurationMs: CALL_DURATION_MS,
		log: (line) => console.log(`[sandbox] ${line}`),
	});
	const instance = await createInstance({ major: 2, port: N8N_PORT, env: { GENERIC_TIMEZONE: 'Asia/Kolkata' } });

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the OSVI sandbox…');
		await instance.dispose();
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	await instance.installPackage(tarball);
	await instance.start();
	const credential = await instance.createCredential({
		name: CREDENTIAL_NAME,
		type: 'osviApi',
		data: { apiToken: sandbox.token, baseUrl: sandbox.url, webhookSecret: WEBHOOK_SECRET },
	});
	const examples = allExamples().map((example) => adapt(example, { credential }));
	for (const example of examples) {
		await instance.addWorkflow(example, { activate: hasActivatableTrigger(example) });
	}

	console.log(`
n8n with the OSVI nodes is running: http://localhost:${N8N_PORT}
  Sign in as ${instance.owner.email} with the password ${instance.owner.password}

OSVI sandbox: ${sandbox.url}  (API token ${sandbox.token})
  Credential "${CREDENTIAL_NAME}" points at it; its webhook secret is "${WEBHOOK_SECRET}".

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
