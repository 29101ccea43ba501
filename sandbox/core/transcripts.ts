import type { CallDetail, TranscriptTurn } from './types';

/**
 * The turns of a call, derived from its record so that seeded, placed and added calls all have one: four turns for
 * a picked call (worded for its direction), one agent turn for a voicemail, none for any other status, including a
 * call still in progress (the sandbox captures a transcript when the call ends). Times spread over the duration.
 */
export function transcriptTurns(detail: CallDetail): TranscriptTurn[] {
	const name = detail.caller_name ? ` ${detail.caller_name}` : '';
	let lines: Array<[TranscriptTurn['role'], string]> = [];
	if (detail.status === 'picked' && detail.call_type === 'inbound') {
		lines = [
			[
				'agent',
				`Thank you for calling, this is ${detail.agent_name} from OSVI. How can I help you?`,
			],
			['user', 'Hi, I wanted to check on my request.'],
			['agent', 'Of course. I have checked it; everything is confirmed.'],
			['user', 'Great, thanks. Bye.'],
		];
	} else if (detail.status === 'picked') {
		lines = [
			[
				'agent',
				`Hello${name}, this is ${detail.agent_name} from OSVI. Is this a good time to talk?`,
			],
			['user', 'Yes, go ahead.'],
			['agent', 'Thank you. I am calling about your request; everything is confirmed.'],
			['user', 'Great, thanks. Bye.'],
		];
	} else if (detail.status === 'voicemail') {
		lines = [
			[
				'agent',
				`Hello${name}, this is ${detail.agent_name} from OSVI. Sorry we missed you; we will call again later.`,
			],
		];
	}
	const durationSeconds = detail.duration_seconds ?? 0;
	return lines.map(([role, content], index) => ({
		role,
		content,
		seconds_from_start: Math.floor((index * durationSeconds) / lines.length),
	}));
}

/** The `chat` text of the per-call webhook: one `Agent: …` or `User: …` line per turn. */
export function chatText(turns: TranscriptTurn[]): string {
	return turns
		.map((turn) => `${turn.role === 'agent' ? 'Agent' : 'User'}: ${turn.content}`)
		.join('\n');
}
