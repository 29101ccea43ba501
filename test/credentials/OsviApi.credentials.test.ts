import type { IAuthenticateGeneric, ICredentialDataDecryptedObject } from 'n8n-workflow';

import { OsviApi } from '../../credentials/OsviApi.credentials';
import { startSandbox } from '../../sandbox/server';
import type { Sandbox } from '../../sandbox/server';
import { osviNodeName, osviWorkflow, wrongTokenFor } from '../harness/osviWorkflow';
import { createEnvironment } from '../harness/runWorkflow';

const credential = new OsviApi();
let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

/** Resolves the credential's declared test request the way n8n resolves credential expressions. */
function resolveTestRequest(data: ICredentialDataDecryptedObject) {
	const json = osviWorkflow({});
	const { workflow } = createEnvironment(json, { osviApi: data });
	const node = json.nodes.find((candidate) => candidate.name === osviNodeName)!;
	const resolve = (value: string) =>
		String(
			workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: data }),
		);
	const headers = (credential.authenticate as IAuthenticateGeneric).properties.headers ?? {};
	return {
		url: `${resolve(credential.test.request.baseURL!)}${credential.test.request.url}`,
		method: credential.test.request.method,
		headers: Object.fromEntries(
			Object.entries(headers).map(([name, value]) => [name, resolve(String(value))]),
		),
	};
}

async function runCredentialTest(data: ICredentialDataDecryptedObject) {
	const request = resolveTestRequest(data);
	const response = await fetch(request.url, { method: request.method, headers: request.headers });
	return { request, status: response.status, body: (await response.json()) as unknown };
}

describe('OSVI API credential', () => {
	test('has the fields of the contract, the token and secret hidden', () => {
		expect(credential.name).toBe('osviApi');
		expect(credential.displayName).toBe('OSVI API');
		expect(
			credential.properties.map(({ name, type, default: value, required, typeOptions }) => ({
				name,
				type,
				value,
				required: required ?? false,
				password: typeOptions?.password ?? false,
			})),
		).toEqual([
			{ name: 'apiToken', type: 'string', value: '', required: true, password: true },
			{
				name: 'baseUrl',
				type: 'string',
				value: 'https://api.osvi.ai',
				required: false,
				password: false,
			},
			{ name: 'webhookSecret', type: 'string', value: '', required: false, password: true },
		]);
	});

	test('sends the token in the API-Token header, with no Bearer prefix, and never the webhook secret', () => {
		const token = 'a1'.repeat(8);
		const request = resolveTestRequest({
			apiToken: token,
			baseUrl: 'https://api.osvi.ai',
			webhookSecret: 'b2'.repeat(8),
		});
		expect(request).toEqual({
			url: 'https://api.osvi.ai/v1/active_agents',
			method: 'GET',
			headers: { 'API-Token': token },
		});
	});

	test('passes its test with a valid token, even with a trailing slash on the base URL', async () => {
		const result = await runCredentialTest({
			apiToken: sandbox.token,
			baseUrl: `${sandbox.url}//`,
		});

		expect(result.request.url).toBe(`${sandbox.url}/v1/active_agents`);
		expect(result.status).toBe(200);
		expect(sandbox.requests().map(({ method, path }) => ({ method, path }))).toEqual([
			{ method: 'GET', path: '/v1/active_agents' },
		]);
	});

	test('fails its test with a wrong token, with OSVI’s message', async () => {
		const result = await runCredentialTest({
			apiToken: wrongTokenFor(sandbox.token),
			baseUrl: sandbox.url,
		});

		expect(result.status).toBe(401);
		expect(result.body).toEqual({ success: false, error: 'Invalid or missing API-Token' });
	});
});

test('words a rejected token and a redirecting Base URL for the user in n8n’s credential test', () => {
	const redirect = (status: number) =>
		`The Base URL answered with a redirect (${status}), which the nodes do not follow. Enter the API's own address, e.g. https://api.osvi.ai.`;
	expect(credential.test.request.disableFollowRedirect).toBe(true);
	expect(
		credential.test.rules?.map((rule) => [
			rule.type,
			rule.properties.value,
			rule.properties.message,
		]),
	).toEqual([
		[
			'responseCode',
			401,
			'OSVI did not accept the API token. Copy it again from the OSVI dashboard under Settings → API.',
		],
		...[301, 302, 303, 307, 308].map((status) => ['responseCode', status, redirect(status)]),
	]);
});
