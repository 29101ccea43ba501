// @ts-check
// End to end in n8n 2.41.1 (on Node 24): `node --test --test-concurrency=1 e2e/`.
import { defineSuite } from './suite.mjs';

defineSuite(2);
