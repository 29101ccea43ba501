// @ts-check
// Every feature of e2e/features/ in n8n 2.41.1 (on Node 24): `node --test e2e/n8n-2.test.mjs`.
import { runSuite } from './harness.mjs';

await runSuite(2);
