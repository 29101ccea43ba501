import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { checkParameters, labelsOf, wholeNumber } from '../parameters';

/** How patient the transport is with OSVI. */
export interface TransportSettings {
	timeoutMs: number;
	maxRetries: number;
	retryBaseDelayMs: number;
	maxRetryDelayMs: number;
}

export const defaultTransportSettings: TransportSettings = {
	timeoutMs: 30_000,
	maxRetries: 3,
	retryBaseDelayMs: 500,
	maxRetryDelayMs: 30_000,
};

const maxTimeoutMs = 600_000;

/** Options every operation of the OSVI node offers under Options; the transport reads them by itself. */
export const requestOptions: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10 },
		default: 3,
		description:
			'How often to retry when OSVI is busy (429) or briefly unavailable. A request that places a call or changes data is never repeated once OSVI may have received it.',
	},
	{
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: maxTimeoutMs },
		default: 30000,
		description: 'How many milliseconds to wait for OSVI to answer a request',
	},
];

const labels = labelsOf(requestOptions);

const settingsSchema = z.object({
	maxRetries: wholeNumber({ min: 0, max: 10 }).default(defaultTransportSettings.maxRetries),
	timeout: wholeNumber({ min: 1, max: maxTimeoutMs }).default(defaultTransportSettings.timeoutMs),
});

/**
 * The item's Max Retries and Timeout, checked like any parameter (an expression giving "abc" or -5 is an error
 * naming the item and the option). The router reads them for every item before anything is sent.
 */
export function readTransportSettings(
	context: IExecuteFunctions,
	itemIndex: number,
): TransportSettings {
	const options = context.getNodeParameter('options', itemIndex, {});
	const { maxRetries, timeout } = checkParameters(
		context.getNode(),
		itemIndex,
		settingsSchema,
		options,
		labels,
	);
	return { ...defaultTransportSettings, maxRetries, timeoutMs: timeout };
}
