// @ts-check
// End to end in n8n 1.123.81 (on this Node): `node --test --test-concurrency=1 e2e/`.
import { defineSuite } from './suite.mjs';

defineSuite(1);
