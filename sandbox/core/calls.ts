import { isSupportedCountry, parsePhoneNumber, type CountryCode } from 'libphonenumber-js/max';

import type { Random } from './random';
import { formatIst } from './time';
import { chatText, transcriptTurns } from './transcripts';
import type {
	CallAnalysis,
	CallLifecycle,
	CallPlan,
	CallWebhookPayload,
	EndStatus,
	FinalCallStatus,
	SandboxEffect,
	SandboxState,
	StoredAgent,
	StoredCall,
} from './types';

export type CallEndpoint = 'legacy' | 'v1';

export interface CallInput {
	agentUuid: string;
	countryCode: string;
	/** The number as sent: national digits without country code. */
	phoneNumber: string;
	e164: string;
	webhookUrl: string | null;
	personName: string | null;
	systemPrompt: string | null;
	additionalData: Record<string, unknown> | null;
}

export type CallValidation = { ok: true; input: CallInput } | { ok: false; errors: string[] };

export const INITIAL_GREETING_MAX_LENGTH = 2000;

export function isJsonObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/**
 * Strict on purpose: the sandbox accepts exactly what the docs describe (national digits, no country code, no
 * trunk prefix, upper-case ISO country), so a node that sends anything else fails loudly in tests.
 */
function validatePhone(phone: string, country: string, errors: string[]): string | null {
	if (!/^\d+$/.test(phone)) {
		errors.push('phone_number must contain digits only, without the country code');
		return null;
	}
	if (!/^[A-Z]{2}$/.test(country) || !isSupportedCountry(country)) return null;
	let parsed;
	try {
		parsed = parsePhoneNumber(phone, country as CountryCode);
	} catch {
		parsed = undefined;
	}
	if (!parsed?.isValid()) {
		errors.push(`phone_number is invalid for country ${country}`);
		return null;
	}
	if (parsed.nationalNumber !== phone) {
		errors.push(
			`phone_number must not include the country code or a trunk prefix (expected ${parsed.nationalNumber})`,
		);
		return null;
	}
	return parsed.number;
}

/** Checks a `POST /call` or `POST /v1/call` body and collects every problem, as OSVI's `errors` array does. */
export function validateCallBody(body: unknown, endpoint: CallEndpoint): CallValidation {
	if (body !== undefined && !isJsonObject(body)) {
		return { ok: false, errors: ['request body must be a JSON object'] };
	}
	const fields = body ?? {};
	const errors: string[] = [];

	const required = (name: string): string | null => {
		const value = fields[name];
		if (value === undefined || value === null || value === '') {
			errors.push(`${name} is required`);
			return null;
		}
		if (typeof value !== 'string') {
			errors.push(`${name} must be a string`);
			return null;
		}
		return value;
	};
	const optional = (name: string): string | null => {
		const value = fields[name];
		if (value === undefined || value === null || value === '') return null;
		if (typeof value !== 'string') {
			errors.push(`${name} must be a string`);
			return null;
		}
		return value;
	};

	const agentUuid = required('agent_uuid');
	const phoneNumber = required('phone_number');
	const countryCode = required('country_code');
	if (
		countryCode !== null &&
		!(/^[A-Z]{2}$/.test(countryCode) && isSupportedCountry(countryCode))
	) {
		errors.push(`country_code must be an ISO 3166-1 alpha-2 country code (got "${countryCode}")`);
	}
	const e164 =
		phoneNumber !== null && countryCode !== null
			? validatePhone(phoneNumber, countryCode, errors)
			: null;

	const webhookUrl = optional('webhook_url');
	if (webhookUrl !== null && !isHttpUrl(webhookUrl)) {
		errors.push('webhook_url must be an http or https URL with a host');
	}
	const personName = optional('person_name');
	const systemPrompt = optional('system_prompt');
	const additionalData = fields.additional_data ?? null;
	if (additionalData !== null && !isJsonObject(additionalData)) {
		errors.push('additional_data must be a JSON object');
	}

	if (endpoint === 'v1') {
		const greeting = optional('initial_greeting');
		if (greeting !== null && greeting.length > INITIAL_GREETING_MAX_LENGTH) {
			errors.push(`initial_greeting must be at most ${INITIAL_GREETING_MAX_LENGTH} characters`);
		}
		const overrides = fields.call_config_overrides ?? null;
		if (overrides !== null && !isJsonObject(overrides)) {
			errors.push('call_config_overrides must be a JSON object');
		}
		const extraction = fields.data_extraction ?? null;
		if (extraction !== null && !Array.isArray(extraction)) {
			errors.push('data_extraction must be an array');
		}
	}

	if (
		errors.length > 0 ||
		agentUuid === null ||
		countryCode === null ||
		phoneNumber === null ||
		!e164
	) {
		return { ok: false, errors };
	}
	return {
		ok: true,
		input: {
			agentUuid,
			countryCode,
			phoneNumber,
			e164,
			webhookUrl,
			personName,
			systemPrompt,
			additionalData: isJsonObject(additionalData) ? additionalData : null,
		},
	};
}

/** A placed call ends by the last digit of its number: 0-6 picked, 7 not_picked, 8 busy, 9 failed. */
export function outcomeForNumber(e164: string): FinalCallStatus {
	const lastDigit = e164.at(-1);
	if (lastDigit === '7') return 'not_picked';
	if (lastDigit === '8') return 'busy';
	if (lastDigit === '9') return 'failed';
	return 'picked';
}

const digitsOf = (value: string) => value.replace(/\D/g, '');

/** The plan for calls to this number: the last number plan whose digits end the number, or none. */
export function planForNumber(state: SandboxState, e164: string): CallPlan {
	const digits = digitsOf(e164);
	const plan = [...state.numberPlans]
		.reverse()
		.find((candidate) => digits.endsWith(digitsOf(candidate.phoneNumber)));
	if (!plan) return {};
	return Object.fromEntries(
		Object.entries(plan).filter(([key]) => key !== 'phoneNumber'),
	) as CallPlan;
}

/** Now, to the second, but never older than the newest call: newest first must hold even when the clock is behind. */
export function nextCreatedAtMs(state: SandboxState): number {
	const newest = state.calls[0]?.createdAtMs ?? 0;
	return Math.max(Math.floor(state.options.now() / 1000) * 1000, newest + 1000);
}

/** An id in the style of OSVI's create-call examples (`call_abc123xyz`). */
function shortCallId(random: Random): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	return `call_${Array.from({ length: 9 }, () => random.pick([...alphabet])).join('')}`;
}

export function newLifecycle(overrides: Partial<CallLifecycle> = {}): CallLifecycle {
	return {
		ticket: 0,
		outcome: null,
		analysisDelayMs: null,
		returnedCallId: null,
		hidden: false,
		pendingAnalysis: null,
		...overrides,
	};
}

/**
 * Adds an outbound call in progress at the top of the list and asks the shell to finish it later (unless its
 * number's plan says never) and, when it starts hidden, to reveal it. `callId` is the stored UUID;
 * `returnedCallId` is what call creation answers (the same UUID unless the id style is `short`).
 */
export function placeCall(
	state: SandboxState,
	agent: StoredAgent,
	input: CallInput,
): { callId: string; returnedCallId: string; effects: SandboxEffect[] } {
	const createdAtMs = nextCreatedAtMs(state);
	const callId = state.random.uuid();
	const returnedCallId = state.settings.idStyle === 'short' ? shortCallId(state.random) : callId;
	const plan = planForNumber(state, input.e164);
	const hiddenForMs = plan.hiddenForMs ?? state.settings.hiddenForMs;
	const call: StoredCall = {
		createdAtMs,
		// The sandbox connects at once, so a running call counts as picked up from the start.
		pickedAtMs: createdAtMs,
		webhookUrl: input.webhookUrl,
		personName: input.personName,
		lifecycle: newLifecycle({
			outcome: plan.outcome ?? null,
			analysisDelayMs: plan.analysisDelayMs ?? null,
			returnedCallId,
			hidden: hiddenForMs > 0,
		}),
		detail: {
			call_id: callId,
			agent_uuid: agent.agent_id,
			agent_name: agent.name,
			phone_number: input.e164,
			from_number: agent.from_number,
			status: 'in_progress',
			call_type: 'outbound',
			duration_seconds: null,
			call_ended_by: null,
			call_ended_reason: null,
			campaign_id: null,
			campaign_upload_id: null,
			tag: null,
			created_at: formatIst(createdAtMs),
			call_picked_at: formatIst(createdAtMs),
			caller_name: input.personName,
			retry_count: 0,
			summary: null,
			data_captured: {},
			post_call_analysis: {},
		},
	};
	state.calls.unshift(call);
	const effects: SandboxEffect[] = [];
	if (!plan.neverFinish) {
		effects.push({
			kind: 'finishCall',
			callId,
			afterMs: plan.durationMs ?? state.settings.callDurationMs,
		});
	}
	if (hiddenForMs > 0) effects.push({ kind: 'revealCall', callId, afterMs: hiddenForMs });
	return { callId, returnedCallId, effects };
}

const END_FIELDS: Record<
	EndStatus,
	{ endedBy: string; endedReason: string; answered: boolean; seconds: (digitSum: number) => number }
> = {
	picked: {
		endedBy: 'agent',
		endedReason: 'assistant-ended-call',
		answered: true,
		seconds: (digitSum) => 20 + digitSum,
	},
	voicemail: {
		endedBy: 'agent',
		endedReason: 'voicemail',
		answered: true,
		seconds: (digitSum) => 15 + (digitSum % 30),
	},
	not_picked: {
		endedBy: 'system',
		endedReason: 'customer-did-not-answer',
		answered: false,
		seconds: () => 0,
	},
	busy: { endedBy: 'system', endedReason: 'customer-busy', answered: false, seconds: () => 0 },
	failed: { endedBy: 'system', endedReason: 'call-failed', answered: false, seconds: () => 0 },
};

/** What the post-call analysis finds for a call that ended with `status`; null when it finds nothing. */
export function analysisFor(call: StoredCall, status: EndStatus): CallAnalysis | null {
	if (status === 'picked') {
		return {
			summary: `${call.personName ?? 'The customer'} confirmed the details and ended the call politely.`,
			data_captured: { confirmed: true },
			post_call_analysis: { sentiment: 'positive', callback_required: false },
		};
	}
	if (status === 'voicemail') {
		return {
			summary: 'Reached voicemail and left a short message.',
			data_captured: {},
			post_call_analysis: {},
		};
	}
	return null;
}

export function applyAnalysis(call: StoredCall, analysis: CallAnalysis): void {
	call.detail.summary = analysis.summary;
	call.detail.data_captured = structuredClone(analysis.data_captured);
	call.detail.post_call_analysis = structuredClone(analysis.post_call_analysis);
}

/**
 * Gives a call its final fields (an unanswered one loses `call_picked_at`) and its analysis, at once or, with an
 * analysis delay, through a `revealAnalysis` effect.
 */
export function settleCall(
	call: StoredCall,
	status: EndStatus,
	analysisDelayMs: number,
): SandboxEffect[] {
	const fields = END_FIELDS[status];
	const digitSum = [...call.detail.phone_number].reduce(
		(sum, char) => sum + (Number(char) || 0),
		0,
	);
	call.detail.status = status;
	call.detail.duration_seconds = fields.seconds(digitSum);
	call.detail.call_ended_by = fields.endedBy;
	call.detail.call_ended_reason = fields.endedReason;
	if (!fields.answered) {
		call.pickedAtMs = null;
		call.detail.call_picked_at = null;
	}
	const analysis = analysisFor(call, status);
	if (!analysis) return [];
	if (analysisDelayMs <= 0) {
		applyAnalysis(call, analysis);
		return [];
	}
	call.lifecycle ??= newLifecycle();
	call.lifecycle.pendingAnalysis = analysis;
	return [{ kind: 'revealAnalysis', callId: call.detail.call_id, afterMs: analysisDelayMs }];
}

/**
 * Ends a call that is in progress: with `outcome`, else its planned outcome, else by the last digit of its number.
 * A placed call with a `webhook_url` also gets its per-call webhook (always the first effect).
 */
export function endCall(
	state: SandboxState,
	call: StoredCall,
	outcome?: EndStatus,
): SandboxEffect[] {
	const status = outcome ?? call.lifecycle?.outcome ?? outcomeForNumber(call.detail.phone_number);
	const effects = settleCall(
		call,
		status,
		call.lifecycle?.analysisDelayMs ?? state.settings.analysisDelayMs,
	);
	if (!call.webhookUrl) return effects;
	const payload: CallWebhookPayload = {
		agent_name: call.detail.agent_name,
		agent_uuid: call.detail.agent_uuid,
		phone_number: call.detail.phone_number,
		call_log_id: call.detail.call_id,
		chat: chatText(transcriptTurns(call.detail)),
		call_status: status,
		executionMode: 'test',
	};
	return [{ kind: 'deliverWebhook', url: call.webhookUrl, payload, afterMs: 0 }, ...effects];
}

/**
 * The scheduled end of a call. Does nothing for unknown or already finished calls, nor when the call was
 * re-planned after this finish was scheduled (its `ticket` moved on).
 */
export function finishCall(state: SandboxState, callId: string, ticket = 0): SandboxEffect[] {
	const call = state.calls.find((candidate) => candidate.detail.call_id === callId);
	if (!call || call.detail.status !== 'in_progress') return [];
	if ((call.lifecycle?.ticket ?? 0) !== ticket) return [];
	return endCall(state, call);
}
