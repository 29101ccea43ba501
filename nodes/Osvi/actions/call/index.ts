import type { INodeProperties } from 'n8n-workflow';

import * as initiate from './initiate.operation';
import * as list from './list.operation';

export { initiate, list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['call'] } },
		options: [
			{
				name: 'Initiate',
				value: 'initiate',
				action: 'Initiate call',
				description:
					'Place a real phone call now: an OSVI voice agent dials the number and talks to the person',
			},
			{
				name: 'List',
				value: 'list',
				action: 'List calls',
				description: 'List calls with their outcomes, newest first, with optional filters',
			},
		],
		default: 'initiate',
	},
	...initiate.description,
	...list.description,
];
