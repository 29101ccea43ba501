import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runBatches } from './run/batches';
import { runEachItem } from './run/eachItem';
import type { NodeError, Outcome } from './run/items';
import { runPlacingCalls } from './run/placeCalls';

/**
 * Reads and checks one item's parameters without any request to OSVI, so that bad input stops the run before
 * anything is sent. What it returns (or resolves to) is exactly what the operation's execution takes.
 */
export type Prepare<Input> = (this: IExecuteFunctions, itemIndex: number) => Input | Promise<Input>;

/** How the operation appears in the Operation list (its value is its key in the resource's `operations`). */
export interface OperationChoice {
	name: string;
	/** Sentence case, resource repeated, no article: "Initiate call". */
	action: string;
	/** Read by people and by AI agents using the node as a tool: say what it does, side effects first. */
	description: string;
}

interface Common<Input> {
	choice: OperationChoice;
	properties: INodeProperties[];
	prepare: Prepare<Input>;
}

/** Runs each item on its own: reads, and writes that change one thing. */
export interface EachItemDefinition<Input> extends Common<Input> {
	kind: 'eachItem';
	/** How many items may run side by side; 1 unless the operation only reads. */
	concurrency?: number;
	execute(
		this: IExecuteFunctions,
		input: NoInfer<Input>,
		itemIndex: number,
	): Promise<INodeExecutionData[]>;
}

/** An item whose call was placed, with what placing it returned. */
export interface PlacedCall<Input, Placed> {
	itemIndex: number;
	input: Input;
	placed: Placed;
}

/**
 * Places one call per item with the Options' concurrency and pacing, and never starts another call once one has
 * failed (without continue-on-fail). `finish` then turns every placed call into output: at once, or after waiting.
 */
export interface PlacingCallsDefinition<Input, Placed> extends Common<Input> {
	kind: 'placesCalls';
	/** Sends exactly one call-placing request. */
	place(this: IExecuteFunctions, input: NoInfer<Input>, itemIndex: number): Promise<Placed>;
	/** The call's ID, for the report of which items were placed when a run stops. */
	callIdOf(placed: NoInfer<Placed>): string;
	/** One outcome per placed call, in the same order. */
	finish(
		this: IExecuteFunctions,
		calls: Array<PlacedCall<NoInfer<Input>, NoInfer<Placed>>>,
	): Promise<Array<Outcome<INodeExecutionData[]>>>;
}

/** Items of one request, in input order, with what `prepare` read for each. */
export type Batch<Input> = Array<{ itemIndex: number; input: Input }>;

/** Sends many items in one request (up to `batchSize`): one output item per request, paired with all its items. */
export interface BatchDefinition<Input> extends Common<Input> {
	kind: 'batch';
	batchSize: number;
	/**
	 * Items with different keys never share a request (another campaign or agent, say): each key's items are
	 * batched on their own, keys in order of first appearance. Without it, every item may share a request.
	 */
	batchKey?(input: NoInfer<Input>): string;
	executeBatch(this: IExecuteFunctions, batch: Batch<NoInfer<Input>>): Promise<IDataObject>;
	/** What the error of a failed batch should add (or ''); the router names its items and the batches sent. */
	failedBatchNote(this: IExecuteFunctions, batch: Batch<NoInfer<Input>>, error: NodeError): string;
}

/** An operation as the router runs it: its parameters and a run over all input items. */
export interface Operation {
	choice: OperationChoice;
	properties: INodeProperties[];
	run(context: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

/**
 * Defines an operation once: its properties, its checked parameter reading and its execution. The compiler ties
 * `prepare`'s result to the input of `execute`/`place`/`executeBatch`.
 */
export function defineOperation<Input>(definition: EachItemDefinition<Input>): Operation;
export function defineOperation<Input, Placed>(
	definition: PlacingCallsDefinition<Input, Placed>,
): Operation;
export function defineOperation<Input>(definition: BatchDefinition<Input>): Operation;
export function defineOperation<Input, Placed>(
	definition:
		| EachItemDefinition<Input>
		| PlacingCallsDefinition<Input, Placed>
		| BatchDefinition<Input>,
): Operation {
	const { choice, properties } = definition;
	switch (definition.kind) {
		case 'eachItem':
			return { choice, properties, run: async (context) => await runEachItem(context, definition) };
		case 'placesCalls':
			return {
				choice,
				properties,
				run: async (context) => await runPlacingCalls(context, definition),
			};
		case 'batch':
			return { choice, properties, run: async (context) => await runBatches(context, definition) };
	}
}
