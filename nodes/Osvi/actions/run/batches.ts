import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { BatchDefinition } from '../operation';
import { checkItems, describeItems, errorItem, settle } from './items';
import type { Outcome } from './items';

function chunks<T>(values: T[], size: number): T[][] {
	const result: T[][] = [];
	for (let start = 0; start < values.length; start += size) {
		result.push(values.slice(start, start + size));
	}
	return result;
}

type Entry<Input> = { itemIndex: number; input: Input };

/** The valid items, split by `batchKey` (in order of first appearance) and then into `batchSize` chunks. */
function plan<Input>(
	operation: BatchDefinition<Input>,
	outcomes: Array<Outcome<Input>>,
): Array<Array<Entry<Input>>> {
	const groups = new Map<string, Array<Entry<Input>>>();
	outcomes.forEach((outcome, itemIndex) => {
		if (!outcome.ok) return;
		const key = operation.batchKey?.(outcome.value) ?? '';
		const entry = { itemIndex, input: outcome.value };
		const group = groups.get(key);
		if (group) group.push(entry);
		else groups.set(key, [entry]);
	});
	return [...groups.values()].flatMap((group) => chunks(group, operation.batchSize));
}

const indicesOf = <Input>(entries: Array<Entry<Input>>) =>
	entries.map(({ itemIndex }) => itemIndex);

/**
 * Sends the valid items in batches of `batchSize` (items of different `batchKey`s apart), one request at a time,
 * in input order. Every item is checked before the first request. The checked inputs are kept rather than read
 * again per batch: n8n holds every input item in memory anyway, and reading parameters twice doubled the time of a
 * large upload on n8n 2.x. A failed batch is never repeated; without continue-on-fail it ends the run with a note of
 * what was sent.
 */
export async function runBatches<Input>(
	context: IExecuteFunctions,
	operation: BatchDefinition<Input>,
): Promise<INodeExecutionData[]> {
	const node = context.getNode();
	const continueOnFail = context.continueOnFail();
	const outcomes = await checkItems(context, operation.prepare);
	const outputs: INodeExecutionData[] = outcomes.flatMap((outcome, itemIndex) =>
		outcome.ok ? [] : [errorItem(outcome.error, itemIndex)],
	);
	const batches = plan(operation, outcomes);

	for (const [number, batch] of batches.entries()) {
		const itemIndices = indicesOf(batch);
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
		const sent = indicesOf(batches.slice(0, number).flat());
		const notSent = indicesOf(batches.slice(number + 1).flat());
		const note = [
			`Batch ${number + 1} of ${batches.length} (${describeItems(itemIndices)}) failed.`,
			operation.failedBatchNote.call(context, batch, outcome.error),
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
