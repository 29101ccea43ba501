import {
	finishCall,
	outcomeForNumber,
	placeCall,
	validateCallBody,
} from '../../../sandbox/core/calls';
import { makeState } from './helpers';

const validBody = {
	agent_uuid: 'agent_x',
	phone_number: '9876543210',
	country_code: 'IN',
};

function errorsOf(body: unknown, endpoint: 'legacy' | 'v1' = 'legacy'): string[] {
	const result = validateCallBody(body, endpoint);
	return result.ok ? [] : result.errors;
}

describe('validateCallBody', () => {
	it('accepts the documented example and normalizes the number to E.164', () => {
		expect(
			validateCallBody(
				{
					...validBody,
					system_prompt: 'Confirm the appointment.',
					webhook_url: 'https://yourdomain.com/osvi-webhook?token=abc',
					person_name: 'John Doe',
					additional_data: { appointment_date: '2025-01-15' },
				},
				'legacy',
			),
		).toEqual({
			ok: true,
			input: {
				agentUuid: 'agent_x',
				phoneNumber: '9876543210',
				countryCode: 'IN',
				e164: '+919876543210',
				webhookUrl: 'https://yourdomain.com/osvi-webhook?token=abc',
				personName: 'John Doe',
				systemPrompt: 'Confirm the appointment.',
				additionalData: { appointment_date: '2025-01-15' },
			},
		});
	});

	it('treats optional fields that are null or empty as not sent', () => {
		const result = validateCallBody(
			{ ...validBody, webhook_url: '', person_name: null, additional_data: null },
			'legacy',
		);
		expect(result.ok && result.input).toMatchObject({
			webhookUrl: null,
			personName: null,
			additionalData: null,
		});
	});

	it('reports every missing required field at once', () => {
		expect(errorsOf({})).toEqual([
			'agent_uuid is required',
			'phone_number is required',
			'country_code is required',
		]);
		expect(errorsOf(undefined)).toEqual(errorsOf({}));
	});

	it('rejects a body that is not a JSON object', () => {
		expect(errorsOf([validBody])).toEqual(['request body must be a JSON object']);
		expect(errorsOf('call me')).toEqual(['request body must be a JSON object']);
	});

	it('rejects required fields that are not strings', () => {
		expect(errorsOf({ ...validBody, phone_number: 9876543210 })).toEqual([
			'phone_number must be a string',
		]);
	});

	it.each([['in'], ['XX'], ['IND'], ['91']])('rejects the country code %s', (countryCode) => {
		expect(errorsOf({ ...validBody, country_code: countryCode })).toEqual([
			`country_code must be an ISO 3166-1 alpha-2 country code (got "${countryCode}")`,
		]);
	});

	it.each([['+919876543210'], ['98765 43210'], ['98765-43210'], ['98765abcde']])(
		'rejects the phone number %s because it is not digits only',
		(phoneNumber) => {
			expect(errorsOf({ ...validBody, phone_number: phoneNumber })).toEqual([
				'phone_number must contain digits only, without the country code',
			]);
		},
	);

	it.each([
		['98765', 'IN'],
		['987654321099', 'IN'],
		['5555555555', 'IN'],
		['98765432', 'US'],
	])('rejects %s as implausible for %s', (phoneNumber, countryCode) => {
		expect(
			errorsOf({ ...validBody, phone_number: phoneNumber, country_code: countryCode }),
		).toEqual([`phone_number is invalid for country ${countryCode}`]);
	});

	it.each([
		['919876543210', 'IN', '9876543210'],
		['09876543210', 'IN', '9876543210'],
		['14155550100', 'US', '4155550100'],
	])(
		'rejects %s (%s) because it carries a country code or trunk prefix',
		(phone, country, national) => {
			expect(errorsOf({ ...validBody, phone_number: phone, country_code: country })).toEqual([
				`phone_number must not include the country code or a trunk prefix (expected ${national})`,
			]);
		},
	);

	it('accepts national numbers of other countries', () => {
		const result = validateCallBody(
			{ ...validBody, phone_number: '4155550100', country_code: 'US' },
			'legacy',
		);
		expect(result.ok && result.input.e164).toBe('+14155550100');
	});

	it.each([['ftp://example.com/hook'], ['example.com/hook'], ['https://'], ['not a url']])(
		'rejects the webhook URL %s',
		(webhookUrl) => {
			expect(errorsOf({ ...validBody, webhook_url: webhookUrl })).toEqual([
				'webhook_url must be an http or https URL with a host',
			]);
		},
	);

	it.each([[[1, 2]], ['text'], [42]])(
		'rejects additional_data %p because it is not an object',
		(data) => {
			expect(errorsOf({ ...validBody, additional_data: data })).toEqual([
				'additional_data must be a JSON object',
			]);
		},
	);

	it('limits initial_greeting to 2000 characters on /v1/call only', () => {
		expect(errorsOf({ ...validBody, initial_greeting: 'a'.repeat(2000) }, 'v1')).toEqual([]);
		expect(errorsOf({ ...validBody, initial_greeting: 'a'.repeat(2001) }, 'v1')).toEqual([
			'initial_greeting must be at most 2000 characters',
		]);
		expect(errorsOf({ ...validBody, initial_greeting: 'a'.repeat(2001) }, 'legacy')).toEqual([]);
	});

	it('collects problems of several fields together', () => {
		expect(
			errorsOf({
				agent_uuid: 'agent_x',
				phone_number: '12',
				country_code: 'IN',
				additional_data: [],
			}),
		).toEqual(['phone_number is invalid for country IN', 'additional_data must be a JSON object']);
	});
});

describe('outcomeForNumber', () => {
	it.each([
		['+919876543210', 'picked'],
		['+919876543216', 'picked'],
		['+919876543217', 'not_picked'],
		['+919876543218', 'busy'],
		['+919876543219', 'failed'],
	])('ends a call to %s as %s', (number, outcome) => {
		expect(outcomeForNumber(number)).toBe(outcome);
	});
});

function placeValid(state: ReturnType<typeof makeState>, overrides: Record<string, unknown> = {}) {
	const agent = state.agents[0];
	const validation = validateCallBody(
		{ ...validBody, agent_uuid: agent.agent_id, ...overrides },
		'legacy',
	);
	if (!validation.ok) throw new Error(validation.errors.join('; '));
	return placeCall(state, agent, validation.input);
}

describe('placeCall', () => {
	it('adds an outbound call in progress at the top and asks for it to finish after the call duration', () => {
		const state = makeState({ callDurationMs: 321, nowIso: '2026-07-01T10:00:00+05:30' });
		const { callId, effects } = placeValid(state, { person_name: 'Asha' });

		expect(effects).toEqual([{ kind: 'finishCall', callId, afterMs: 321 }]);
		expect(state.calls).toHaveLength(301);
		expect(state.calls[0].detail).toEqual({
			call_id: callId,
			agent_uuid: state.agents[0].agent_id,
			agent_name: state.agents[0].name,
			phone_number: '+919876543210',
			from_number: state.agents[0].from_number,
			status: 'in_progress',
			call_type: 'outbound',
			duration_seconds: null,
			call_ended_by: null,
			call_ended_reason: null,
			campaign_id: null,
			campaign_upload_id: null,
			tag: null,
			created_at: '2026-07-01T10:00:00+05:30',
			call_picked_at: '2026-07-01T10:00:00+05:30',
			caller_name: 'Asha',
			retry_count: 0,
			summary: null,
			data_captured: {},
			post_call_analysis: {},
		});
	});

	it('never stamps a placed call older than the newest call when the clock is behind', () => {
		const state = makeState({ nowIso: '2020-01-01T00:00:00Z' });
		const newest = state.calls[0].createdAtMs;
		placeValid(state);
		expect(state.calls[0].createdAtMs).toBe(newest + 1000);
	});

	it('gives the same call ids to the same sequence of calls', () => {
		expect(placeValid(makeState()).callId).toBe(placeValid(makeState()).callId);
	});
});

describe('finishCall', () => {
	it('ends a picked call and asks for the per-call webhook at its exact URL', () => {
		const state = makeState();
		const webhookUrl = 'http://127.0.0.1:9/hook?secret=s3cret';
		const { callId } = placeValid(state, { webhook_url: webhookUrl, person_name: 'Asha' });

		const effects = finishCall(state, callId);

		expect(effects).toHaveLength(1);
		const [effect] = effects;
		expect(effect.kind === 'deliverWebhook' && effect.payload).toEqual({
			agent_name: state.agents[0].name,
			agent_uuid: state.agents[0].agent_id,
			phone_number: '+919876543210',
			call_log_id: callId,
			chat: expect.stringMatching(/^Agent: Hello Asha, /),
			call_status: 'picked',
			executionMode: 'test',
		});
		expect(effect).toMatchObject({ kind: 'deliverWebhook', url: webhookUrl, afterMs: 0 });
		const chatLines = effect.kind === 'deliverWebhook' ? effect.payload.chat.split('\n') : [];
		expect(
			chatLines.every((line, index) => line.startsWith(index % 2 ? 'User: ' : 'Agent: ')),
		).toBe(true);
		expect(state.calls[0].detail).toMatchObject({
			status: 'picked',
			call_ended_by: 'agent',
			call_ended_reason: 'assistant-ended-call',
			call_picked_at: state.calls[0].detail.created_at,
		});
		expect(state.calls[0].detail.duration_seconds).toBeGreaterThan(0);
	});

	it.each([
		['9876543217', 'not_picked', 'customer-did-not-answer'],
		['9876543218', 'busy', 'customer-busy'],
		['9876543219', 'failed', 'call-failed'],
	])('ends a call to %s as %s with an empty chat and no pick-up time', (phone, status, reason) => {
		const state = makeState();
		const { callId } = placeValid(state, {
			phone_number: phone,
			webhook_url: 'https://hooks.example/x',
		});

		const [effect] = finishCall(state, callId);

		expect(effect.kind === 'deliverWebhook' && effect.payload).toMatchObject({
			call_status: status,
			chat: '',
		});
		expect(state.calls[0].detail).toMatchObject({
			status,
			call_ended_by: 'system',
			call_ended_reason: reason,
			call_picked_at: null,
			duration_seconds: 0,
		});
		expect(state.calls[0].pickedAtMs).toBeNull();
	});

	it('asks for no webhook when the call was placed without one', () => {
		const state = makeState();
		const { callId } = placeValid(state);
		expect(finishCall(state, callId)).toEqual([]);
		expect(state.calls[0].detail.status).toBe('picked');
	});

	it('does nothing for an unknown or already finished call', () => {
		const state = makeState();
		const { callId } = placeValid(state, { webhook_url: 'https://hooks.example/x' });
		finishCall(state, callId);
		expect(finishCall(state, callId)).toEqual([]);
		expect(finishCall(state, 'no-such-call')).toEqual([]);
	});
});
