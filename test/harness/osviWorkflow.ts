import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import type { WorkflowJson } from './runWorkflow';

export const triggerName = 'When clicking ‘Execute workflow’';
export const osviNodeName = 'OSVI';

/** A workflow as the n8n editor exports it: a manual trigger, pinned to `items`, feeding one OSVI node. */
export function osviWorkflow(
	parameters: INodeParameters,
	options: { items?: IDataObject[]; continueOnFail?: boolean } = {},
): WorkflowJson {
	return {
		nodes: [
			{
				id: 'trigger',
				name: triggerName,
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'osvi',
				name: osviNodeName,
				type: 'n8n-nodes-osvi.osvi',
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: { osviApi: { id: '1', name: 'OSVI account' } },
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: { [triggerName]: { main: [[{ node: osviNodeName, type: 'main', index: 0 }]] } },
		pinData: options.items ? { [triggerName]: options.items.map((json) => ({ json })) } : undefined,
	};
}

/** Credentials for a sandbox; the trailing slash on the base URL is deliberate: users paste URLs like that. */
export function sandboxCredentials(sandbox: { url: string; token: string }, token = sandbox.token) {
	const osviApi: ICredentialDataDecryptedObject = { apiToken: token, baseUrl: `${sandbox.url}/` };
	return { osviApi };
}

/** A token of the right shape that the sandbox does not accept. */
export function wrongTokenFor(token: string): string {
	return [...token].reverse().join('');
}
