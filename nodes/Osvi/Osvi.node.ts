import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import * as agent from './actions/agent';
import * as call from './actions/call';
import * as campaign from './actions/campaign';
import * as dnd from './actions/dnd';
import { router } from './actions/router';
import { searchAgents } from './methods/listSearch';

export class Osvi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OSVI',
		name: 'osvi',
		icon: { light: 'file:osvi.svg', dark: 'file:osvi.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Place real phone calls with OSVI AI voice agents, and read calls, transcripts, recordings and agents',
		defaults: { name: 'OSVI' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'osviApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Agent', value: 'agent' },
					{ name: 'Call', value: 'call' },
					{ name: 'Campaign', value: 'campaign' },
					{ name: 'Do Not Disturb', value: 'dnd' },
				],
				default: 'call',
			},
			...call.description,
			...agent.description,
			...campaign.description,
			...dnd.description,
		],
	};

	methods = { listSearch: { searchAgents } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
