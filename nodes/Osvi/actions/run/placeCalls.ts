import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import { checkParameters, labelsOf, optionalChoice, wholeNumber } from '../../../shared/parameters';
import type { PlacedCall, PlacingCallsDefinition } from '../operation';
import { checkItems, describeItems, errorItem, pairedWith, settle } from './items';
import type { NodeError } from './items';
import { createPacer } from './pacing';

const defaultConcurrency = 5;

/** The Options that decide how fast calls are placed; every call-placing operation offers them. */
export const placingOptions: INodeProperties[] = [
	{
		displayName: 'Concurrent Calls',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 50 },
		default: defaultConcurrency,
		description: 'How many calls to place at the same time',
	},
	{
		displayName: 'Max Calls per Period',
		name: 'rateLimit',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Place at most this many calls per period, evenly spaced. 0 means no limit.',
	},
	{
		displayName: 'Period',
		name: 'rateLimitPeriod',
		type: 'options',
		options: [
			{ name: 'Second', value: 'second' },
			{ name: 'Minute', value: 'minute' },
		],
		default: 'minute',
		description: 'The period of Max Calls per Period',
	},
];

const periodMs = { second: 1_000, minute: 60_000 };

const scheduleSchema = z.object({
	concurrency: wholeNumber({ min: 1, max: 50 }).default(defaultConcurrency),
	rateLimit: wholeNumber({ min: 0, max: 100_000 }).default(0),
	rateLimitPeriod: optionalChoice(['second', 'minute']).transform((period) => period ?? 'minute'),
});

/** How calls are spread out: side by side, and spaced in time. An item's Options, checked like a parameter. */
function readSchedule(context: IExecuteFunctions, itemIndex: number) {
	const options = context.getNodeParameter('options', itemIndex, {});
	const { concurrency, rateLimit, rateLimitPeriod } = checkParameters(
		context.getNode(),
		itemIndex,
		scheduleSchema,
		options,
		labelsOf(placingOptions),
	);
	return {
		concurrency,
		intervalMs: rateLimit > 0 ? periodMs[rateLimitPeriod] / rateLimit : 0,
	};
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Which items were placed and which never attempted: what the user needs to re-run without dialling anyone twice. */
function placementReport<Input, Placed>(
	placed: Array<PlacedCall<Input, Placed>>,
	callIdOf: (placed: Placed) => string,
	notAttempted: number[],
): string {
	const placedText =
		placed.length === 0
			? 'No call was placed.'
			: `Calls were placed for ${placed
					.map(({ itemIndex, placed: call }) => `item ${itemIndex} (call_id ${callIdOf(call)})`)
					.join(', ')}: do not run these items again.`;
	const notAttemptedText =
		notAttempted.length === 0
			? ''
			: ` ${capitalized(describeItems(notAttempted))} ${notAttempted.length === 1 ? 'was' : 'were'} never attempted: run the workflow again with only ${notAttempted.length === 1 ? 'that item' : 'those items'} (and the failed item once fixed).`;
	return `${placedText}${notAttemptedText}`;
}

function withReport<Input, Placed>(
	error: NodeError,
	placed: Array<PlacedCall<Input, Placed>>,
	callIdOf: (placed: Placed) => string,
	notAttempted: number[],
): NodeError {
	// A run of one item that failed needs no report: the error itself says what happened.
	if (placed.length === 0 && notAttempted.length === 0) return error;
	const report = placementReport(placed, callIdOf, notAttempted);
	error.description = error.description ? `${error.description} ${report}` : report;
	return error;
}

/**
 * Places one call per valid item, `concurrency` at a time and paced. Once a call has failed (without
 * continue-on-fail), no further call starts, not even one waiting for its pacing slot; the calls already under way
 * are awaited, and the error lists which items were placed and which were never attempted.
 */
export async function runPlacingCalls<Input, Placed>(
	context: IExecuteFunctions,
	operation: PlacingCallsDefinition<Input, Placed>,
): Promise<INodeExecutionData[]> {
	const node = context.getNode();
	const continueOnFail = context.continueOnFail();
	// Every item's Options are checked with its parameters, so that a bad value is that item's error.
	const checked = await checkItems(context, async function (itemIndex) {
		const schedule = readSchedule(this, itemIndex);
		return { schedule, input: await operation.prepare.call(this, itemIndex) };
	});
	const queue = checked.flatMap((outcome, itemIndex) =>
		outcome.ok ? [{ itemIndex, ...outcome.value }] : [],
	);
	// The pace is one for the whole run: the first call's.
	const schedule = queue[0]?.schedule ?? { concurrency: 1, intervalMs: 0 };

	const stop = new AbortController();
	const cancelled = context.getExecutionCancelSignal?.();
	const signal = cancelled ? AbortSignal.any([stop.signal, cancelled]) : stop.signal;
	const pace = createPacer(schedule.intervalMs, signal);

	const placed: Array<PlacedCall<Input, Placed>> = [];
	const failures: Array<{ itemIndex: number; error: NodeError }> = [];
	let next = 0;
	const worker = async () => {
		while (next < queue.length && (await pace()) && next < queue.length) {
			const { itemIndex, input } = queue[next++];
			const outcome = await settle(
				node,
				itemIndex,
				async () => await operation.place.call(context, input, itemIndex),
			);
			if (outcome.ok) {
				placed.push({ itemIndex, input, placed: outcome.value });
			} else {
				failures.push({ itemIndex, error: outcome.error });
				if (!continueOnFail) stop.abort();
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(schedule.concurrency, queue.length) }, worker));
	placed.sort((a, b) => a.itemIndex - b.itemIndex);

	const notAttempted = queue.slice(next).map(({ itemIndex }) => itemIndex);
	const callIdOf = operation.callIdOf.bind(operation);
	if (failures.length > 0 && !continueOnFail) {
		throw withReport(failures[0].error, placed, callIdOf, notAttempted);
	}
	if (notAttempted.length > 0) {
		const stopped = new NodeOperationError(
			node,
			'The execution was stopped while calls were being placed',
		);
		throw withReport(stopped, placed, callIdOf, notAttempted);
	}

	const finished = await settle(node, undefined, async () =>
		placed.length === 0 ? [] : await operation.finish.call(context, placed),
	);
	if (!finished.ok) throw withReport(finished.error, placed, callIdOf, []);

	const outputs = new Map<number, INodeExecutionData[]>();
	checked.forEach((outcome, itemIndex) => {
		if (!outcome.ok) outputs.set(itemIndex, [errorItem(outcome.error, itemIndex)]);
	});
	for (const { itemIndex, error } of failures)
		outputs.set(itemIndex, [errorItem(error, itemIndex)]);
	for (const [position, { itemIndex }] of placed.entries()) {
		const outcome = finished.value[position];
		if (outcome.ok) {
			outputs.set(itemIndex, pairedWith(outcome.value, itemIndex));
		} else if (continueOnFail) {
			outputs.set(itemIndex, [errorItem(outcome.error, itemIndex)]);
		} else {
			throw withReport(outcome.error, placed, callIdOf, []);
		}
	}
	return checked.flatMap((_, itemIndex) => outputs.get(itemIndex) ?? []);
}
