// @ts-check
// Every feature of e2e/features/ that applies, in n8n 2.41.1 in queue mode: PostgreSQL, Redis, `n8n start`, one
// `n8n worker` and one `n8n webhook` processor behind a loopback load balancer (scripts/lib/queue.mjs):
// `node --test e2e/n8n-2-queue.test.mjs`.
import { runSuite } from './harness.mjs';

await runSuite(2, { topology: 'queue' });
