import { chatText, transcriptTurns } from '../../../sandbox/core/transcripts';
import type { CallDetail } from '../../../sandbox/core/types';

function detail(overrides: Partial<CallDetail>): CallDetail {
	return {
		call_id: '5f0c8a8e-1111-4222-8333-444455556666',
		agent_uuid: 'agent_x',
		agent_name: 'Appointment Reminder',
		phone_number: '+919876543210',
		from_number: '+911140001234',
		status: 'picked',
		call_type: 'outbound',
		duration_seconds: 40,
		call_ended_by: 'agent',
		call_ended_reason: 'assistant-ended-call',
		campaign_id: null,
		campaign_upload_id: null,
		tag: null,
		created_at: '2026-06-12T09:30:00+05:30',
		call_picked_at: '2026-06-12T09:30:00+05:30',
		caller_name: 'Asha Rao',
		retry_count: 0,
		summary: 'Asha Rao confirmed.',
		data_captured: {},
		post_call_analysis: {},
		...overrides,
	};
}

describe('transcriptTurns', () => {
	it('gives a picked outbound call four turns greeting the caller, spread over its duration', () => {
		expect(transcriptTurns(detail({}))).toEqual([
			{
				role: 'agent',
				content:
					'Hello Asha Rao, this is Appointment Reminder from OSVI. Is this a good time to talk?',
				seconds_from_start: 0,
			},
			{ role: 'user', content: 'Yes, go ahead.', seconds_from_start: 10 },
			{
				role: 'agent',
				content: 'Thank you. I am calling about your request; everything is confirmed.',
				seconds_from_start: 20,
			},
			{ role: 'user', content: 'Great, thanks. Bye.', seconds_from_start: 30 },
		]);
	});

	it('greets nobody by name when the caller is unknown', () => {
		expect(transcriptTurns(detail({ caller_name: null }))[0].content).toBe(
			'Hello, this is Appointment Reminder from OSVI. Is this a good time to talk?',
		);
	});

	it('words a picked inbound call as the agent answering', () => {
		const turns = transcriptTurns(detail({ call_type: 'inbound', duration_seconds: 9 }));
		expect(turns.map((turn) => [turn.role, turn.seconds_from_start])).toEqual([
			['agent', 0],
			['user', 2],
			['agent', 4],
			['user', 6],
		]);
		expect(turns[0].content).toBe(
			'Thank you for calling, this is Appointment Reminder from OSVI. How can I help you?',
		);
	});

	it('gives a voicemail one agent turn', () => {
		expect(transcriptTurns(detail({ status: 'voicemail', duration_seconds: 20 }))).toEqual([
			{
				role: 'agent',
				content:
					'Hello Asha Rao, this is Appointment Reminder from OSVI. Sorry we missed you; we will call again later.',
				seconds_from_start: 0,
			},
		]);
	});

	it.each([['not_picked'], ['busy'], ['failed'], ['in_progress']] as const)(
		'gives a %s call no turns',
		(status) => {
			expect(transcriptTurns(detail({ status, duration_seconds: null }))).toEqual([]);
		},
	);
});

describe('chatText', () => {
	it('writes one Agent or User line per turn, as the per-call webhook carries it', () => {
		expect(
			chatText([
				{ role: 'agent', content: 'Hi.', seconds_from_start: 0 },
				{ role: 'user', content: 'Hello.', seconds_from_start: 2 },
			]),
		).toBe('Agent: Hi.\nUser: Hello.');
		expect(chatText([])).toBe('');
	});
});
