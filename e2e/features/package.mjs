// @ts-check
import assert from 'node:assert/strict';
import { defineFeature } from '../harness.mjs';

export default defineFeature('the installed package', (feature) => {
	feature.test('lists the OSVI node, the OSVI Trigger, the OSVI Call Log Trigger and the OSVI API credential', async () => {
		const nodeTypes = (await feature.n8n.nodeTypes())
			.filter((type) => type.name.startsWith('n8n-nodes-osvi.'))
			.map(({ name, displayName, version }) => ({ name, displayName, version }))
			.sort((a, b) => a.name.localeCompare(b.name));
		assert.deepEqual(nodeTypes, [
			{ name: 'n8n-nodes-osvi.osvi', displayName: 'OSVI', version: 1 },
			{ name: 'n8n-nodes-osvi.osviCallLogTrigger', displayName: 'OSVI Call Log Trigger', version: 1 },
			// n8n derives an AI-agent tool from every node marked usableAsTool.
			{ name: 'n8n-nodes-osvi.osviTool', displayName: 'OSVI Tool', version: 1 },
			{ name: 'n8n-nodes-osvi.osviTrigger', displayName: 'OSVI Trigger', version: 1 },
		]);

		const credentialTypes = (await feature.n8n.credentialTypes())
			.filter((type) => type.name === 'osviApi')
			.map(({ name, displayName, properties }) => ({
				name,
				displayName,
				properties: properties.map((property) => property.name),
			}));
		assert.deepEqual(credentialTypes, [
			{
				name: 'osviApi',
				displayName: 'OSVI API',
				// n8n adds its own domain restriction fields to every credential type.
				properties: ['apiToken', 'baseUrl', 'webhookSecret', 'allowedHttpRequestDomains', 'allowedDomains'],
			},
		]);
	});
});
