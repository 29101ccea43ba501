import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { BatchDefinition } from '../operation';
import { checkItems, describeItems, errorItem, settle } from './items';

function chunks<T>(values: T[], size: number): T[][] {
	const result: T[][] = [];
	for (let start = 0; start < values.length; start += size) {
		result.push(values.slice(start, start + size));
	}
	return result;
}

/**
 * Sends the valid items in batches of `batchSize`, one request at a time, in input order. Items are checked first
 * and read again batch by batch, so that what is held in memory is one batch, not every item. A failed batch is
 * never repeated; without continue-on-fail it ends the run with a note of what was sent.
 */
export async function runBatches<Input>(
	context: IExecuteFunctions,
	operation: BatchDefinition<Input>,
): Promise<INodeExecutionData[]> {
	const node = context.getNode();
	const continueOnFail = context.continueOnFail();
	const outcomes = checkItems(context, operation.prepare);
	const outputs: INodeExecutionData[] = outcomes.flatMap((outcome, itemIndex) =>
		outcome.ok ? [] : [errorItem(outcome.error, itemIndex)],
	);
	const validItems = outcomes.flatMap((outcome, itemIndex) => (outcome.ok ? [itemIndex] : []));
	outcomes.length = 0;

	const batches = chunks(validItems, operation.batchSize);
	for (const [number, itemIndices] of batches.entries()) {
		const batch = itemIndices.map((itemIndex) => ({
			itemIndex,
			input: operation.prepare.call(context, itemIndex),
		}));
		const outcome = await settle(
			node,
			itemIndices[0],
			async () => await operation.executeBatch.call(context, batch),
		);
		const pairedItem = itemIndices.map((item) => ({ item }));
		if (outcome.ok) {
			outputs.push({ json: outcome.value, pairedItem });
			continue;
		}
		const sent = batches.slice(0, number).flat();
		const notSent = batches.slice(number + 1).flat();
		const note = [
			`Batch ${number + 1} of ${batches.length} (${describeItems(itemIndices)}) failed. ${operation.failedBatchNote.call(context)}`,
			sent.length > 0 ? `Earlier batches were sent (${describeItems(sent)}).` : '',
			!continueOnFail && notSent.length > 0
				? `Later batches were not sent (${describeItems(notSent)}).`
				: '',
		]
			.filter(Boolean)
			.join(' ');
		outcome.error.description = outcome.error.description
			? `${outcome.error.description} ${note}`
			: note;
		if (!continueOnFail) throw outcome.error;
		outputs.push({ ...errorItem(outcome.error, itemIndices), pairedItem });
	}
	return outputs;
}
