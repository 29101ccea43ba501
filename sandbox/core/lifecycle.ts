import { z } from 'zod';

import { applyAnalysis, endCall, newLifecycle, nextCreatedAtMs, settleCall } from './calls';
import { parseDateBound, formatIst } from './time';
import {
	CALL_STATUSES,
	CALL_TYPES,
	END_STATUSES,
	type CallDetail,
	type CallPlan,
	type CallSettings,
	type NumberPlan,
	type SandboxEffect,
	type SandboxState,
	type SandboxStateOptions,
	type StoredAgent,
	type StoredCall,
} from './types';

export const DEFAULT_RECORDING_TTL_SECONDS = 900;

const milliseconds = z.number().int().min(0);
const e164 = z.string().regex(/^\+[1-9]\d{5,14}$/, 'must be an E.164 number such as +919876543210');

const settingsSchema = z
	.object({
		callDurationMs: milliseconds,
		analysisDelayMs: milliseconds,
		hiddenForMs: milliseconds,
		idStyle: z.enum(['uuid', 'short']),
		recordingTtlSeconds: z.number().int().min(0),
	})
	.strict()
	.partial();

const callPlanShape = {
	durationMs: milliseconds.optional(),
	neverFinish: z.boolean().optional(),
	outcome: z.enum(END_STATUSES).optional(),
	analysisDelayMs: milliseconds.optional(),
};
const oneEnd = (plan: { durationMs?: number; neverFinish?: boolean }) =>
	!(plan.neverFinish === true && plan.durationMs !== undefined);
const oneEndMessage = { message: 'durationMs and neverFinish cannot both be given' };

const numberPlanSchema = z
	.object({
		...callPlanShape,
		hiddenForMs: milliseconds.optional(),
		phoneNumber: z
			.string()
			.regex(/^\+?\d{4,15}$/, 'must be 4 to 15 digits, national or E.164 with a plus sign'),
	})
	.strict()
	.refine(oneEnd, oneEndMessage);

const runningCallPlanSchema = z.object(callPlanShape).strict().refine(oneEnd, oneEndMessage);

const addCallSchema = z
	.object({
		agentUuid: z.string().min(1).optional(),
		callType: z.enum(CALL_TYPES).optional(),
		status: z.enum(CALL_STATUSES).optional(),
		phoneNumber: e164.optional(),
		fromNumber: e164.optional(),
		campaignId: z.number().int().positive().nullable().optional(),
		campaignUploadId: z.number().int().positive().nullable().optional(),
		callerName: z.string().nullable().optional(),
		tag: z
			.object({ id: z.number().int(), name: z.string(), color_code: z.string() })
			.strict()
			.nullable()
			.optional(),
		retryCount: z.number().int().min(0).optional(),
		createdAt: z
			.union([
				z.string().refine((value) => parseDateBound(value, 'start').ok, {
					message: 'must be a date or an ISO 8601 timestamp with an offset',
				}),
				milliseconds,
			])
			.optional(),
		durationMs: milliseconds.optional(),
		outcome: z.enum(END_STATUSES).optional(),
		analysisDelayMs: milliseconds.optional(),
		hiddenForMs: milliseconds.optional(),
	})
	.strict()
	.refine(
		(spec) =>
			(spec.status ?? 'in_progress') === 'in_progress' ||
			(spec.durationMs === undefined && spec.outcome === undefined),
		{ message: 'durationMs and outcome are only for calls in progress' },
	);

/** What `addCall` takes: every field optional; see the header of index.ts for the defaults. */
export type AddCallSpec = z.input<typeof addCallSchema>;
export type SettingsUpdate = z.input<typeof settingsSchema>;
export type RunningCallPlan = z.input<typeof runningCallPlanSchema>;

export type Outcome<T> = ({ ok: true } & T) | { ok: false; error: string };

function describeIssue(error: z.ZodError, prefix: string, dropFirst = false): string {
	const issue = error.issues[0];
	const path = (dropFirst ? issue.path.slice(1) : issue.path).join('.');
	return `${prefix}${path ? ` at ${path}` : ''}: ${issue.message}`;
}

/** Validates one item or an array of items (as the control routes take them), naming the first problem. */
function parseList<T extends z.ZodTypeAny>(
	schema: T,
	input: unknown,
	prefix: string,
): Outcome<{ items: Array<z.output<T>> }> {
	const result = z.array(schema).safeParse(Array.isArray(input) ? input : [input]);
	if (result.success) return { ok: true, items: result.data };
	return { ok: false, error: describeIssue(result.error, prefix, !Array.isArray(input)) };
}

export function initialSettings(options: SandboxStateOptions): CallSettings {
	return {
		callDurationMs: options.callDurationMs,
		analysisDelayMs: options.analysisDelayMs ?? 0,
		hiddenForMs: options.hiddenForMs ?? 0,
		idStyle: options.idStyle ?? 'uuid',
		recordingTtlSeconds: options.recordingTtlSeconds ?? DEFAULT_RECORDING_TTL_SECONDS,
	};
}

/** Changes some settings; a running call keeps its finish time, later calls use the new values. */
export function updateSettings(
	state: SandboxState,
	input: unknown,
): Outcome<{ settings: CallSettings }> {
	const result = settingsSchema.safeParse(input);
	if (!result.success) return { ok: false, error: describeIssue(result.error, 'Invalid settings') };
	Object.assign(state.settings, result.data);
	return { ok: true, settings: { ...state.settings } };
}

/** Adds one number plan or several; each applies to every later call placed to its number. */
export function addNumberPlans(state: SandboxState, input: unknown): Outcome<{ added: number }> {
	const parsed = parseList(numberPlanSchema, input, 'Invalid plan');
	if (!parsed.ok) return parsed;
	state.numberPlans.push(...(parsed.items as NumberPlan[]));
	return { ok: true, added: parsed.items.length };
}

function findCall(state: SandboxState, callId: string): StoredCall | undefined {
	return state.calls.find((candidate) => candidate.detail.call_id === callId);
}

function runningCall(state: SandboxState, callId: string): Outcome<{ call: StoredCall }> {
	const call = findCall(state, callId);
	if (!call) return { ok: false, error: `No call ${callId}` };
	if (call.detail.status !== 'in_progress') {
		return { ok: false, error: `Call ${callId} has already ended (${call.detail.status})` };
	}
	return { ok: true, call };
}

/**
 * Re-plans a call in progress: `durationMs` from now (replacing its scheduled end), `neverFinish`, `outcome`,
 * `analysisDelayMs`. Works for seeded calls in progress too.
 */
export function planRunningCall(
	state: SandboxState,
	callId: string,
	input: unknown,
): Outcome<{ effects: SandboxEffect[] }> {
	const result = runningCallPlanSchema.safeParse(input ?? {});
	if (!result.success) return { ok: false, error: describeIssue(result.error, 'Invalid plan') };
	const found = runningCall(state, callId);
	if (!found.ok) return found;
	const plan: CallPlan = result.data;
	const lifecycle = (found.call.lifecycle ??= newLifecycle());
	if (plan.outcome !== undefined) lifecycle.outcome = plan.outcome;
	if (plan.analysisDelayMs !== undefined) lifecycle.analysisDelayMs = plan.analysisDelayMs;
	const effects: SandboxEffect[] = [];
	if (plan.neverFinish || plan.durationMs !== undefined) lifecycle.ticket += 1;
	if (plan.durationMs !== undefined) {
		effects.push({
			kind: 'finishCall',
			callId,
			afterMs: plan.durationMs,
			ticket: lifecycle.ticket,
		});
	}
	return { ok: true, effects };
}

/** Ends a call in progress now, with `outcome` or as planned; cancels its scheduled end. */
export function finishCallNow(
	state: SandboxState,
	callId: string,
	input: unknown,
): Outcome<{ call: CallDetail; effects: SandboxEffect[] }> {
	const result = z
		.object({ outcome: z.enum(END_STATUSES).optional() })
		.strict()
		.safeParse(input ?? {});
	if (!result.success) return { ok: false, error: describeIssue(result.error, 'Invalid finish') };
	const found = runningCall(state, callId);
	if (!found.ok) return found;
	const lifecycle = (found.call.lifecycle ??= newLifecycle());
	lifecycle.ticket += 1;
	const effects = endCall(state, found.call, result.data.outcome);
	return { ok: true, call: structuredClone(found.call.detail), effects };
}

/** Shows the analysis an analysis delay held back. */
export function revealAnalysis(state: SandboxState, callId: string): void {
	const call = findCall(state, callId);
	if (!call?.lifecycle?.pendingAnalysis) return;
	applyAnalysis(call, call.lifecycle.pendingAnalysis);
	call.lifecycle.pendingAnalysis = null;
}

/** Makes a call visible at its own routes once `hiddenForMs` has passed. */
export function revealCall(state: SandboxState, callId: string): void {
	const call = findCall(state, callId);
	if (call?.lifecycle) call.lifecycle.hidden = false;
}

function insertNewestFirst(state: SandboxState, call: StoredCall): void {
	// Before calls of the same second: the one added last counts as the newest.
	const index = state.calls.findIndex((existing) => existing.createdAtMs <= call.createdAtMs);
	state.calls.splice(index === -1 ? state.calls.length : index, 0, call);
}

function randomIndianMobile(random: SandboxState['random']): string {
	return `+91${random.int(6, 9)}${String(random.int(0, 999_999_999)).padStart(9, '0')}`;
}

/**
 * Adds a call as if someone had dialled or been dialled outside the API (dashboard, campaign, inbound): listed
 * at once at its place by `created_at`. A call `in_progress` ends after `durationMs`, or only on command when
 * that is left out; a call added with a final status is complete at once (its analysis after any analysis delay).
 */
function addOneCall(
	state: SandboxState,
	agent: StoredAgent,
	spec: z.output<typeof addCallSchema>,
): { call: StoredCall; effects: SandboxEffect[] } {
	let createdAtMs = nextCreatedAtMs(state);
	if (typeof spec.createdAt === 'number') createdAtMs = Math.floor(spec.createdAt / 1000) * 1000;
	if (typeof spec.createdAt === 'string') {
		const parsed = parseDateBound(spec.createdAt, 'start');
		if (parsed.ok) createdAtMs = Math.floor(parsed.epochMs / 1000) * 1000;
	}

	const status = spec.status ?? 'in_progress';
	const callId = state.random.uuid();
	const phoneNumber = spec.phoneNumber ?? randomIndianMobile(state.random);
	const hiddenForMs = spec.hiddenForMs ?? 0;
	const callerName = spec.callerName ?? null;
	const call: StoredCall = {
		createdAtMs,
		pickedAtMs: createdAtMs,
		webhookUrl: null,
		personName: callerName,
		lifecycle: newLifecycle({
			outcome: spec.outcome ?? null,
			analysisDelayMs: spec.analysisDelayMs ?? null,
			hidden: hiddenForMs > 0,
		}),
		detail: {
			call_id: callId,
			agent_uuid: agent.agent_id,
			agent_name: agent.name,
			phone_number: phoneNumber,
			from_number: spec.fromNumber ?? agent.from_number,
			status: 'in_progress',
			call_type: spec.callType ?? 'outbound',
			duration_seconds: null,
			call_ended_by: null,
			call_ended_reason: null,
			campaign_id: spec.campaignId ?? null,
			campaign_upload_id: spec.campaignUploadId ?? null,
			tag: spec.tag ?? null,
			created_at: formatIst(createdAtMs),
			call_picked_at: formatIst(createdAtMs),
			caller_name: callerName,
			retry_count: spec.retryCount ?? 0,
			summary: null,
			data_captured: {},
			post_call_analysis: {},
		},
	};
	insertNewestFirst(state, call);

	const effects: SandboxEffect[] = [];
	if (status !== 'in_progress') {
		effects.push(
			...settleCall(call, status, spec.analysisDelayMs ?? state.settings.analysisDelayMs),
		);
	} else if (spec.durationMs !== undefined) {
		effects.push({ kind: 'finishCall', callId, afterMs: spec.durationMs });
	}
	if (hiddenForMs > 0) effects.push({ kind: 'revealCall', callId, afterMs: hiddenForMs });
	return { call, effects };
}

/** Adds one call or several (in the order given, so the last one given is the newest of equal times). */
export function addCalls(
	state: SandboxState,
	input: unknown,
): Outcome<{ calls: CallDetail[]; effects: SandboxEffect[] }> {
	const parsed = parseList(addCallSchema, input, 'Invalid call');
	if (!parsed.ok) return parsed;
	// Every agent is checked before anything is added, so a bad batch adds nothing.
	const agents: StoredAgent[] = [];
	for (const spec of parsed.items) {
		const agent =
			spec.agentUuid === undefined
				? state.agents.find((candidate) => !candidate.archived)
				: state.agents.find((candidate) => candidate.agent_id === spec.agentUuid);
		if (!agent) return { ok: false, error: `No agent ${spec.agentUuid} on the account` };
		agents.push(agent);
	}

	const calls: CallDetail[] = [];
	const effects: SandboxEffect[] = [];
	parsed.items.forEach((spec, index) => {
		const added = addOneCall(state, agents[index], spec);
		calls.push(structuredClone(added.call.detail));
		effects.push(...added.effects);
	});
	return { ok: true, calls, effects };
}
