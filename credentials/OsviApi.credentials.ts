import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

export class OsviApi implements ICredentialType {
	name = 'osviApi';

	displayName = 'OSVI API';

	icon: Icon = { light: 'file:../nodes/Osvi/osvi.svg', dark: 'file:../nodes/Osvi/osvi.dark.svg' };

	documentationUrl = 'https://docs.osvi.ai/api-reference/introduction';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The 16-character API token of your OSVI account. Find it in the OSVI dashboard under Settings → API.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.osvi.ai',
			description:
				'Root of the OSVI API. Change it only to go through a proxy or to use the local OSVI sandbox.',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional shared secret that the OSVI Trigger expects on incoming webhooks (header X-Osvi-Secret, a Bearer token, or the query parameter secret) and that signs per-call webhook URLs (Initiate call → Options → Sign Webhook URL). The nodes never send it to OSVI; it reaches OSVI only where you put it yourself (an agent integration header, or a secret query parameter). Use a long random value without commas.',
		},
	];

	// OSVI expects the bare token in its own header, without a Bearer prefix.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'API-Token': '={{$credentials.apiToken}}' },
		},
	};

	// Listing active agents is the cheapest authenticated call and needs no parameters. The rule words a 401
	// for the user (n8n 2.x would otherwise show only "Unauthorized"; 1.x uses its own words regardless). As in
	// every request of the nodes, no redirect is followed: it would carry the API-Token header to another host.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v1/active_agents',
			method: 'GET',
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'OSVI did not accept the API token. Copy it again from the OSVI dashboard under Settings → API.',
				},
			},
			...[301, 302, 303, 307, 308].map((status) => ({
				type: 'responseCode' as const,
				properties: {
					value: status,
					message: `The Base URL answered with a redirect (${status}), which the nodes do not follow. Enter the API's own address, e.g. https://api.osvi.ai.`,
				},
			})),
		],
	};
}
