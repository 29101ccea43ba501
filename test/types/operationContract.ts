/*
 * Compile-time checks of the operation contract: `npm run typecheck` fails if any `@ts-expect-error` below stops
 * finding its error, that is if `defineOperation` ever accepts an execution whose input is not what `prepare`
 * returns (`matching` shows the same shapes compile when they agree). Nothing here runs.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { defineOperation } from '../../nodes/Osvi/actions/operation';

const choice = { name: 'Check', action: 'Check contract', description: 'Checks the contract' };
const nothing: INodeExecutionData[] = [];

export const matching = defineOperation({
	kind: 'eachItem',
	choice,
	properties: [],
	prepare: () => ({ callId: 'abc' }),
	execute: async (input: { callId: string }) => (input.callId ? nothing : nothing),
});

// @ts-expect-error execute must take what prepare returns, not something else
export const wrongInput = defineOperation({
	kind: 'eachItem',
	choice,
	properties: [],
	prepare: () => ({ callId: 'abc' }),
	execute: async (input: { bogus: Date }) => (input.bogus ? nothing : nothing),
});

export const matchingPlacement = defineOperation({
	kind: 'placesCalls',
	choice,
	properties: [],
	prepare: async () => ({ phone: '9876543210' }),
	place: async (input: { phone: string }) => ({ call_id: input.phone }),
	callIdOf: (placed) => placed.call_id,
	finish: async () => [],
});

// @ts-expect-error place takes the resolved value of an async prepare, not another shape
export const wrongPlacement = defineOperation({
	kind: 'placesCalls',
	choice,
	properties: [],
	prepare: async () => ({ phone: '9876543210' }),
	place: async (input: { phone: number }) => ({ call_id: String(input.phone) }),
	callIdOf: (placed: { call_id: string }) => placed.call_id,
	finish: async () => [],
});

// @ts-expect-error a batch holds what prepare returns
export const wrongBatch = defineOperation({
	kind: 'batch',
	choice,
	properties: [],
	batchSize: 10,
	prepare: () => ({ phone: '+919876543210' }),
	executeBatch: async (batch: Array<{ itemIndex: number; input: { bogus: Date } }>) => ({
		size: batch.length,
	}),
	failedBatchNote: () => '',
});
