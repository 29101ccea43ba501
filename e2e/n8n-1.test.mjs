// @ts-check
// Every feature of e2e/features/ in n8n 1.123.81 (on this Node): `node --test e2e/n8n-1.test.mjs`.
import { runSuite } from './harness.mjs';

await runSuite(1);
