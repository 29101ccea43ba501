import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';

import type { OsviCallTranscript } from '../../../shared/interfaces';
import { readParameters } from '../../../shared/parameters';
import { osviRequest } from '../../../shared/transport';
import type { OsviContext } from '../../../shared/transport';
import { defineOperation } from '../operation';
import { callId, callNotFound, callPath, callReadProperties } from './callId';

const properties = callReadProperties();

function kindOf(value: unknown): string {
	if (value === undefined) return 'none';
	if (value === null) return 'null';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * `GET /v1/call/{id}/transcript`: `{call_id, transcript}`, the list empty for a call nobody answered. Shared with
 * Initiate and Wait (Include Transcript).
 */
export async function readTranscript(
	context: OsviContext,
	id: string,
	itemIndex?: number,
): Promise<OsviCallTranscript> {
	const data = await osviRequest<OsviCallTranscript>(context, {
		method: 'GET',
		path: callPath(id, '/transcript'),
		effect: 'read',
		response: 'data',
		requiredFields: ['call_id'],
		itemIndex,
		advice: callNotFound(id),
	});
	if (!Array.isArray(data.transcript)) {
		throw new NodeOperationError(
			context.getNode(),
			`OSVI answered the transcript of call ${id} in an unexpected form: expected a "transcript" list, but it sent ${kindOf(data.transcript)}`,
			{
				itemIndex,
				description:
					'Check that the Base URL of the OSVI API credential points at the OSVI API (https://api.osvi.ai).',
			},
		);
	}
	return data;
}

const readConcurrency = 5;

export const getTranscript = defineOperation({
	kind: 'eachItem',
	choice: {
		name: 'Get Transcript',
		action: 'Get call transcript',
		description:
			'Get what was said in one call, turn by turn, by the call’s ID; the list is empty for a call nobody answered. Reads only; places no call.',
	},
	properties,
	concurrency: readConcurrency,
	prepare(itemIndex) {
		return readParameters(this, itemIndex, properties, z.object({ callId }));
	},
	async execute(input, itemIndex) {
		return [{ json: await readTranscript(this, input.callId, itemIndex) }];
	},
});
