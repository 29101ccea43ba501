import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from '../../shared/concurrency';
import { createPacer } from '../helpers/pacing';
import * as call from './call';
import type { Operation, Schedule } from './operation';

const operations: Record<string, Operation> = {
	'call:initiate': call.initiate,
	'call:list': call.list,
};

const oneAtATime: Schedule = { concurrency: 1, intervalMs: 0 };

type NodeError = NodeApiError | NodeOperationError;
type Outcome<T> = { ok: true; value: T } | { ok: false; error: NodeError };

function toNodeError(node: INode, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

async function settle<T>(
	node: INode,
	itemIndex: number,
	work: () => T | Promise<T>,
): Promise<Outcome<T>> {
	try {
		return { ok: true, value: await work() };
	} catch (error) {
		return { ok: false, error: toNodeError(node, error, itemIndex) };
	}
}

function errorItem(error: NodeError, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	return { json, pairedItem: { item: itemIndex } };
}

/**
 * Runs the chosen operation over every input item. All items are checked first, so that one bad row
 * stops the run before any call is placed; then items run per the operation's schedule, in input order.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const node = this.getNode();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = operations[`${resource}:${operationName}`];
	if (!operation) {
		throw new NodeOperationError(
			node,
			`The operation "${operationName}" of resource "${resource}" is not known`,
		);
	}

	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();
	const requests = await Promise.all(
		items.map(
			async (_, itemIndex) =>
				await settle(node, itemIndex, () => operation.prepare.call(this, itemIndex)),
		),
	);
	const invalid = requests.find((request) => !request.ok);
	if (invalid?.ok === false && !continueOnFail) throw invalid.error;

	const { concurrency, intervalMs } = operation.schedule?.call(this) ?? oneAtATime;
	const pace = createPacer(intervalMs);
	const results = await mapWithConcurrency(requests, concurrency, async (request, itemIndex) => {
		if (!request.ok) return [errorItem(request.error, itemIndex)];
		await pace();
		const outcome = await settle(
			node,
			itemIndex,
			async () => await operation.execute.call(this, request.value, itemIndex),
		);
		if (outcome.ok) return outcome.value.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		if (!continueOnFail) throw outcome.error;
		return [errorItem(outcome.error, itemIndex)];
	});
	return [results.flat()];
}
