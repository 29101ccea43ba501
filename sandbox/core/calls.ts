import { isSupportedCountry, parsePhoneNumber, type CountryCode } from 'libphonenumber-js/max';

import { formatIst } from './time';
import type {
	CallWebhookPayload,
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

/** Adds an outbound call in progress at the top of the list and asks the shell to finish it later. */
export function placeCall(
	state: SandboxState,
	agent: StoredAgent,
	input: CallInput,
): { callId: string; effects: SandboxEffect[] } {
	// Newest first must hold even when the machine's clock is behind the seeded reference date.
	const newest = state.calls[0]?.createdAtMs ?? 0;
	const createdAtMs = Math.max(Math.floor(state.options.now() / 1000) * 1000, newest + 1000);
	const callId = state.random.uuid();
	const call: StoredCall = {
		createdAtMs,
		// The sandbox connects at once, so a running call counts as picked up from the start.
		pickedAtMs: createdAtMs,
		webhookUrl: input.webhookUrl,
		personName: input.personName,
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
	return {
		callId,
		effects: [{ kind: 'finishCall', callId, afterMs: state.options.callDurationMs }],
	};
}

export function transcriptFor(call: StoredCall): string {
	const greetingName = call.personName ? ` ${call.personName}` : '';
	return [
		`Agent: Hello${greetingName}, this is ${call.detail.agent_name} from OSVI. Is this a good time to talk?`,
		'User: Yes, go ahead.',
		'Agent: Thank you. I am calling about your request; everything is confirmed.',
		'User: Great, thanks. Bye.',
	].join('\n');
}

const FINISHED_FIELDS: Record<
	FinalCallStatus,
	{ endedBy: string; endedReason: string; answered: boolean }
> = {
	picked: { endedBy: 'agent', endedReason: 'assistant-ended-call', answered: true },
	not_picked: { endedBy: 'system', endedReason: 'customer-did-not-answer', answered: false },
	busy: { endedBy: 'system', endedReason: 'customer-busy', answered: false },
	failed: { endedBy: 'system', endedReason: 'call-failed', answered: false },
};

/**
 * Ends a placed call with its outcome and, when it was placed with a `webhook_url`, asks the shell to deliver the
 * per-call webhook. Does nothing for unknown or already finished calls.
 */
export function finishCall(state: SandboxState, callId: string): SandboxEffect[] {
	const call = state.calls.find((candidate) => candidate.detail.call_id === callId);
	if (!call || call.detail.status !== 'in_progress') return [];

	const outcome = outcomeForNumber(call.detail.phone_number);
	const fields = FINISHED_FIELDS[outcome];
	const digitSum = [...call.detail.phone_number].reduce(
		(sum, char) => sum + (Number(char) || 0),
		0,
	);
	call.detail.status = outcome;
	call.detail.duration_seconds = fields.answered ? 20 + digitSum : 0;
	call.detail.call_ended_by = fields.endedBy;
	call.detail.call_ended_reason = fields.endedReason;
	if (fields.answered) {
		call.detail.summary = `${call.personName ?? 'The customer'} confirmed the details and ended the call politely.`;
		call.detail.data_captured = { confirmed: true };
		call.detail.post_call_analysis = { sentiment: 'positive', callback_required: false };
	} else {
		call.pickedAtMs = null;
		call.detail.call_picked_at = null;
	}

	if (!call.webhookUrl) return [];
	const payload: CallWebhookPayload = {
		agent_name: call.detail.agent_name,
		agent_uuid: call.detail.agent_uuid,
		phone_number: call.detail.phone_number,
		call_log_id: call.detail.call_id,
		chat: fields.answered ? transcriptFor(call) : '',
		call_status: outcome,
		executionMode: 'test',
	};
	return [{ kind: 'deliverWebhook', url: call.webhookUrl, payload, afterMs: 0 }];
}
