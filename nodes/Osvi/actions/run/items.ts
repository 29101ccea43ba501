import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { readTransportSettings } from '../../../shared/transport/settings';
import type { Prepare } from '../operation';

export type NodeError = NodeApiError | NodeOperationError;
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: NodeError };

export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

export async function settle<T>(
	node: INode,
	itemIndex: number | undefined,
	work: () => T | Promise<T>,
): Promise<Outcome<T>> {
	try {
		return { ok: true, value: await work() };
	} catch (error) {
		return { ok: false, error: toNodeError(node, error, itemIndex) };
	}
}

/** The item continue-on-fail puts in place of a failed one, paired with the input item(s) it stands for. */
export function errorItem(error: NodeError, itemIndices: number | number[]): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	return { json, pairedItem: pairing(itemIndices) };
}

export function pairedWith(
	items: INodeExecutionData[],
	itemIndices: number | number[],
): INodeExecutionData[] {
	return items.map((item) => ({ ...item, pairedItem: pairing(itemIndices) }));
}

function pairing(itemIndices: number | number[]) {
	return Array.isArray(itemIndices) ? itemIndices.map((item) => ({ item })) : { item: itemIndices };
}

/**
 * Reads and checks every item's parameters and request options before anything is sent. Without continue-on-fail,
 * the first bad item stops the run here, so that nobody is called because of a half-valid list.
 */
export async function checkItems<Input>(
	context: IExecuteFunctions,
	prepare: Prepare<Input>,
): Promise<Array<Outcome<Input>>> {
	const node = context.getNode();
	const outcomes: Array<Outcome<Input>> = [];
	for (const itemIndex of context.getInputData().keys()) {
		outcomes.push(
			await settle(node, itemIndex, async () => {
				readTransportSettings(context, itemIndex);
				return await prepare.call(context, itemIndex);
			}),
		);
	}
	const invalid = outcomes.find((outcome) => !outcome.ok);
	if (invalid?.ok === false && !context.continueOnFail()) throw invalid.error;
	return outcomes;
}

/** `item 2 (call_id …), item 5 (…)`, or the items as a range list when there are no IDs. */
export function describeItems(itemIndices: number[]): string {
	if (itemIndices.length === 0) return 'none';
	const ranges: string[] = [];
	let start = itemIndices[0];
	let previous = start;
	for (const index of [...itemIndices.slice(1), Number.NaN]) {
		if (index === previous + 1) {
			previous = index;
			continue;
		}
		ranges.push(start === previous ? `${start}` : `${start}–${previous}`);
		start = index;
		previous = index;
	}
	return `${itemIndices.length === 1 ? 'item' : 'items'} ${ranges.join(', ')}`;
}
