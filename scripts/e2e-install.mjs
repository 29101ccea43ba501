// @ts-check
// Installs the real n8n versions the end-to-end tests drive into the cache, so that a later test run starts at
// once (a cold install takes 3–4 minutes per version; a warm one returns immediately).
//   node scripts/e2e-install.mjs [--major 1|2]   (both by default)
import { parseArgs } from 'node:util';
import { ensureN8n } from './lib/n8n-install.mjs';

const { values } = parseArgs({ options: { major: { type: 'string' } } });
if (values.major && !['1', '2'].includes(values.major))
	throw new Error(`--major must be 1 or 2, got ${values.major}`);
/** @type {Array<1 | 2>} */
const majors = values.major === '1' ? [1] : values.major === '2' ? [2] : [2, 1];

for (const major of majors) {
	const started = Date.now();
	const install = await ensureN8n(major);
	process.stdout.write(
		`n8n ${install.version} on Node ${install.nodeVersion}: ${install.dir} ` +
			`(${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
	);
}
