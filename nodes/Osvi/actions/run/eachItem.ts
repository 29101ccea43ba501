import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from '../../../shared/concurrency';
import type { EachItemDefinition } from '../operation';
import { checkItems, errorItem, pairedWith, settle } from './items';

/**
 * Runs every item on its own, in input order, a few side by side where the operation allows. Without
 * continue-on-fail the first failure ends the run once the items already running have settled.
 */
export async function runEachItem<Input>(
	context: IExecuteFunctions,
	operation: EachItemDefinition<Input>,
): Promise<INodeExecutionData[]> {
	const node = context.getNode();
	const continueOnFail = context.continueOnFail();
	const inputs = await checkItems(context, operation.prepare);
	const outputs = await mapWithConcurrency(
		inputs,
		operation.concurrency ?? 1,
		async (input, itemIndex) => {
			if (!input.ok) return [errorItem(input.error, itemIndex)];
			const outcome = await settle(
				node,
				itemIndex,
				async () => await operation.execute.call(context, input.value, itemIndex),
			);
			if (outcome.ok) return pairedWith(outcome.value, itemIndex);
			if (!continueOnFail) throw outcome.error;
			return [errorItem(outcome.error, itemIndex)];
		},
	);
	return outputs.flat();
}
