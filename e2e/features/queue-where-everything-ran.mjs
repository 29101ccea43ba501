// @ts-check
// Queue mode only, after every other feature: each execution the whole suite caused (webhook deliveries, run
// triggers, polling triggers) was queued by the process that should queue it and run by the worker; only a failed
// trigger check is recorded by main without running. The other features check what each execution did; this one
// checks where all of them happened.
import assert from 'node:assert/strict';
import { log } from '../../scripts/lib/index.mjs';
import { defineFeature } from '../harness.mjs';
import { ranOnWorker, whereExecutionsRan } from '../queue.mjs';

/** Statuses of executions still on their way (a paused one, `waiting`, has run on the worker up to its pause). */
const UNDER_WAY = ['new', 'running'];

export default defineFeature(
	'queue mode: where every execution of the suite ran',
	(feature) => {
		feature.test(
			'the webhook processor (or main, for a polling trigger) queued each execution, and the worker ran it',
			async () => {
				const n8n = feature.n8n;
				const started = Date.now();
				let executions = await n8n.executions();
				while (executions.some((execution) => UNDER_WAY.includes(execution.status))) {
					if (Date.now() - started > 120_000) {
						const left = executions.filter((execution) => UNDER_WAY.includes(execution.status));
						throw new Error(`${left.length} executions still under way after 120 s: ${left.map((e) => e.id).join(', ')}`);
					}
					await new Promise((resolveSleep) => setTimeout(resolveSleep, 500));
					executions = await n8n.executions();
				}
				log(`queue mode: ${executions.length} executions in the suite; checking where each ran`);
				assert.ok(executions.length > 0, 'the suite caused no execution to check');

				const found = whereExecutionsRan(
					n8n,
					executions.map((execution) => execution.id),
				);
				const differing = found.filter((where, index) => {
					const execution = executions[index];
					const ran = ranOnWorker(execution.id, execution.mode === 'webhook' ? 'webhook' : 'main');
					// A trigger check that failed (a polling trigger whose request to OSVI failed) is recorded by main
					// as a failed execution without running anything: nothing is queued.
					const recordedByMain = { id: execution.id, enqueuedBy: [], startedBy: [], finishedBy: [] };
					const allowed =
						execution.mode === 'trigger' && execution.status === 'error' ? [ran, recordedByMain] : [ran];
					return !allowed.some((shape) => JSON.stringify(shape) === JSON.stringify(where));
				});
				assert.deepEqual(
					differing.map((where) => ({ ...where, mode: executions.find((execution) => execution.id === where.id)?.mode })),
					[],
				);
			},
			{ timeoutMs: 180_000 },
		);
	},
	{ topologies: ['queue'], last: true },
);
