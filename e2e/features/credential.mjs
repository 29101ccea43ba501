// @ts-check
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { defineFeature } from '../harness.mjs';
import { API_TOKEN, WRONG_API_TOKEN } from '../fixtures.mjs';

export default defineFeature('OSVI API credential', (feature) => {
	/** @type {{ good: string, wrongToken: string }} */
	const ids = { good: '', wrongToken: '' };

	before(async () => {
		ids.good = (await feature.osviCredential({ name: 'OSVI Sandbox' })).id;
		ids.wrongToken = (
			await feature.osviCredential({ name: 'OSVI wrong token', apiToken: WRONG_API_TOKEN, webhookSecret: '' })
		).id;
	});

	feature.test('passes the credential test with the sandbox token and fails it clearly with a wrong one', async () => {
		const good = await feature.n8n.testCredential(ids.good);
		assert.deepEqual(
			{ status: good.status, message: good.message },
			{ status: 'OK', message: 'Connection successful!' },
		);
		const bad = await feature.n8n.testCredential(ids.wrongToken);
		assert.deepEqual(
			{ status: bad.status, message: bad.message },
			// n8n 1.x words a 401 itself, before it looks at the credential's rules; 2.x applies them.
			{
				status: 'Error',
				message:
					feature.major === 1
						? 'Authorization failed - please check your credentials'
						: 'OSVI did not accept the API token. Copy it again from the OSVI dashboard under Settings → API.',
			},
		);
		assert.ok(!bad.message.includes(WRONG_API_TOKEN));
		assert.deepEqual(
			feature.sandbox.requests().map(({ method, path, query, headers }) => ({
				method,
				path,
				query,
				token: headers['api-token'],
			})),
			[
				{ method: 'GET', path: '/v1/active_agents', query: {}, token: API_TOKEN },
				// n8n (1.x and 2.x alike) sends the request of a failing credential test twice, identically.
				...Array(2).fill({ method: 'GET', path: '/v1/active_agents', query: {}, token: WRONG_API_TOKEN }),
			],
		);
	});

	feature.test('follows no redirect in the credential test: the API token never reaches the other host', async () => {
		feature.sandbox.addFault({ kind: 'redirect', method: 'GET', path: '/v1/active_agents', status: 302 });

		const result = await feature.n8n.testCredential(ids.good);

		assert.deepEqual(
			{ status: result.status, message: result.message },
			// n8n 1.x words an error answer itself, as for a 401.
			{
				status: 'Error',
				message:
					feature.major === 1
						? 'Request failed with status code 302'
						: "The Base URL answered with a redirect (302), which the nodes do not follow. Enter the API's own address, e.g. https://api.osvi.ai.",
			},
		);
		assert.deepEqual(feature.sandbox.storageRequests(), []);
	});
});
