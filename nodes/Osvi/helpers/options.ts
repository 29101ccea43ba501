import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { defaultTransportSettings } from '../../shared/transport';
import type { TransportSettings } from '../../shared/transport';

/** Options every operation shares: how long to wait for OSVI and how often to retry what is safe to retry. */
export const requestOptions: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 3,
		description:
			'How often to retry when OSVI is busy (429) or briefly unavailable. Placing a call is never retried once OSVI may have received it.',
	},
	{
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 30000,
		description: 'How many milliseconds to wait for OSVI to answer a request',
	},
];

export function readOptions(context: IExecuteFunctions, itemIndex: number): IDataObject {
	return context.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

export function readTransportSettings(
	context: IExecuteFunctions,
	itemIndex: number,
): TransportSettings {
	const options = readOptions(context, itemIndex);
	return {
		...defaultTransportSettings,
		maxRetries: Number(options.maxRetries ?? defaultTransportSettings.maxRetries),
		timeoutMs: Number(options.timeout ?? defaultTransportSettings.timeoutMs),
	};
}
