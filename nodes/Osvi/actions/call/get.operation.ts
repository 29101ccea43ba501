import { z } from 'zod';

import type { OsviCallDetail } from '../../../shared/interfaces';
import { readParameters } from '../../../shared/parameters';
import { osviRequest } from '../../../shared/transport';
import type { OsviContext } from '../../../shared/transport';
import { defineOperation } from '../operation';
import { callId, callNotFound, callPath, callReadProperties } from './callId';

const properties = callReadProperties();

/**
 * One call's details as `GET /v1/call/{id}` gives them. Shared with Initiate and Wait, which reads a placed call
 * until it has ended; a 404 is a `NodeApiError` with `httpCode` '404'.
 */
export async function readCall(
	context: OsviContext,
	id: string,
	itemIndex?: number,
): Promise<OsviCallDetail> {
	return await osviRequest<OsviCallDetail>(context, {
		method: 'GET',
		path: callPath(id),
		effect: 'read',
		response: 'data',
		requiredFields: ['call_id', 'status'],
		itemIndex,
		advice: callNotFound(id),
	});
}

// Reads are independent, so a list of calls is read a few at a time.
const readConcurrency = 5;

export const get = defineOperation({
	kind: 'eachItem',
	choice: {
		name: 'Get',
		action: 'Get call',
		description:
			'Get one call’s details by its ID: status, duration, summary, captured data and post-call analysis. Reads only; places no call.',
	},
	properties,
	concurrency: readConcurrency,
	prepare(itemIndex) {
		return readParameters(this, itemIndex, properties, z.object({ callId }));
	},
	async execute(input, itemIndex) {
		return [{ json: await readCall(this, input.callId, itemIndex) }];
	},
});
