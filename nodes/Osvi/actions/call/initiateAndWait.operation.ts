import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

import type { OsviInitiateCallResult } from '../../../shared/interfaces';
import {
	checkParameters,
	flag,
	labelsOf,
	decimalNumber,
	wholeNumber,
} from '../../../shared/parameters';
import { defineOperation } from '../operation';
import { callOptions, callProperties, placeCall, prepareCall } from './initiate.operation';
import type { CallRequest } from './initiate.operation';
import { waitForCalls } from './waiting';
import type { WaitSettings } from './waiting';
import { optionsProperty } from '../fields';

const defaultMaxWaitMinutes = 30;
const defaultPollIntervalSeconds = 15;
const minMaxWaitMinutes = 0.1;
const maxMaxWaitMinutes = 1440;

const waitOptions: INodeProperties[] = [
	{
		displayName: 'Include Transcript',
		name: 'includeTranscript',
		type: 'boolean',
		default: false,
		description:
			'Whether to add what was said, turn by turn, as transcript (one more request per call)',
	},
	{
		displayName: 'Max Wait (Minutes)',
		name: 'maxWaitMinutes',
		type: 'number',
		typeOptions: { minValue: minMaxWaitMinutes, maxValue: maxMaxWaitMinutes, numberPrecision: 1 },
		default: defaultMaxWaitMinutes,
		description:
			'How long to wait for a call to end, from when it was placed. A call still in progress then is output with its latest details and wait_timed_out set to true; it is never dialled again.',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 3600 },
		default: defaultPollIntervalSeconds,
		description:
			'How often to check whether a call has ended. Checks of a long call slow down gradually to one every two intervals.',
	},
];

const properties: INodeProperties[] = [
	...callProperties,
	{
		displayName: 'Wait Options',
		name: 'waitOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: waitOptions,
	},
	optionsProperty(callOptions),
];

const waitSchema = z
	.object({
		maxWaitMinutes: decimalNumber({ min: minMaxWaitMinutes, max: maxMaxWaitMinutes }).default(
			defaultMaxWaitMinutes,
		),
		pollIntervalSeconds: wholeNumber({ min: 1, max: 3600 }).default(defaultPollIntervalSeconds),
		includeTranscript: flag.default(false),
	})
	.transform(
		(wait): WaitSettings => ({
			maxWaitMs: Math.round(wait.maxWaitMinutes * 60_000),
			pollIntervalMs: wait.pollIntervalSeconds * 1000,
			includeTranscript: wait.includeTranscript,
		}),
	);

const waitLabels = labelsOf(waitOptions);

interface WaitRequest {
	call: CallRequest;
	wait: WaitSettings;
}

interface PlacedAt {
	result: OsviInitiateCallResult;
	sentAtMs: number;
	answeredAtMs: number;
}

/** The call exactly as Initiate reads it (its fields have the same names here), then this item's Wait Options. */
async function prepare(this: IExecuteFunctions, itemIndex: number): Promise<WaitRequest> {
	const call = await prepareCall.call(this, itemIndex);
	const wait = checkParameters(
		this.getNode(),
		itemIndex,
		waitSchema,
		this.getNodeParameter('waitOptions', itemIndex, {}),
		waitLabels,
	);
	return { call, wait };
}

export const initiateAndWait = defineOperation({
	kind: 'placesCalls',
	choice: {
		name: 'Initiate and Wait',
		action: 'Initiate call and wait for outcome',
		description:
			'Place a real phone call now, then wait until it ends and return its outcome: status, duration, summary, captured data and, if asked, the transcript',
	},
	properties,
	prepare,
	async place(input, itemIndex) {
		const sentAtMs = Date.now();
		const result = await placeCall.call(this, input.call, itemIndex);
		return { result, sentAtMs, answeredAtMs: Date.now() } satisfies PlacedAt;
	},
	callIdOf: (placed) => placed.result.call_id,
	async finish(calls) {
		const outcomes = await waitForCalls(
			this,
			calls.map(({ itemIndex, input, placed }) => ({
				itemIndex,
				callId: placed.result.call_id,
				agentId: input.call.body.agent_uuid,
				phoneNumber: input.call.body.phone_number,
				sentAtMs: placed.sentAtMs,
				answeredAtMs: placed.answeredAtMs,
				settings: input.wait,
			})),
		);
		return outcomes.map((outcome, position) => {
			if (!outcome.ok) return outcome;
			const { body } = calls[position].input.call;
			const { details, timedOut, transcript } = outcome.value;
			return {
				ok: true,
				value: [
					{
						json: {
							...details,
							phone_number: body.phone_number,
							country_code: body.country_code,
							wait_timed_out: timedOut,
							...(transcript === undefined ? {} : { transcript }),
						},
					},
				],
			};
		});
	},
});
