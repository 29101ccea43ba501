import type { INode } from 'n8n-workflow';

import {
	extractOsviMessage,
	osviNetworkError,
	osviRedirectError,
	osviResponseError,
	osviUnexpectedAnswerError,
} from '../../../../nodes/shared/transport/errors';
import type { ErrorContext, RequestEffect } from '../../../../nodes/shared/transport/errors';

const node: INode = {
	id: 'osvi',
	name: 'OSVI',
	type: 'n8n-nodes-osvi.osvi',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function context(effect: RequestEffect, itemIndex?: number): ErrorContext {
	return { node, effect, secrets: [], itemIndex };
}

describe('extractOsviMessage', () => {
	test.each([
		[
			'an errors array, joined',
			{ success: false, errors: ['a is required', 'b is invalid'] },
			'a is required; b is invalid',
		],
		[
			'an error string',
			{ success: false, error: 'Agent not found', details: null },
			'Agent not found',
		],
		['a nested error object', { error: { message: 'nested problem' } }, 'nested problem'],
		['a message', { status: 'error', message: 'Call failed' }, 'Call failed'],
		['a plain text body', '  Bad Gateway  ', 'Bad Gateway'],
	])('reads %s', (_, body, message) => {
		expect(extractOsviMessage(body)).toBe(message);
	});

	test.each([
		['an empty errors array and nothing else', { errors: [] }],
		['null', null],
		['an empty string', ''],
		['a number', 502],
	])('finds nothing in %s', (_, body) => {
		expect(extractOsviMessage(body)).toBeUndefined();
	});
});

describe('osviResponseError', () => {
	test.each([
		[
			400,
			{ success: false, error: 'country_code is invalid', details: null },
			'OSVI rejected the request: country_code is invalid',
			'Check the field named in the message and correct its value.',
		],
		[
			401,
			{ success: false, error: 'Invalid or missing API-Token' },
			'OSVI did not accept the API token: Invalid or missing API-Token',
			'Check the API Token of the OSVI API credential. You find it in the OSVI dashboard under Settings → API.',
		],
		[
			403,
			{ success: false, error: 'Forbidden' },
			'OSVI refused access: Forbidden',
			'The agent must belong to the OSVI account of the API token. Choose one of your agents from the list.',
		],
		[
			404,
			{ success: false, error: 'Call not found' },
			'OSVI could not find what was asked for: Call not found',
			'Check the agent ID or call ID: it must exist on the account of the API token.',
		],
		[
			422,
			{ success: false, errors: ['phone_number is invalid'] },
			'OSVI rejected the request: phone_number is invalid',
			'Check the field named in the message and correct its value.',
		],
		[
			429,
			{},
			'OSVI is receiving too many requests',
			'Wait a moment and run the workflow again, or lower the concurrency or pacing in Options.',
		],
		[
			500,
			{ message: 'boom' },
			'OSVI had a problem answering: boom',
			'This is on OSVI’s side. Try again in a few minutes.',
		],
		[
			503,
			'',
			'OSVI had a problem answering',
			'This is on OSVI’s side. Try again in a few minutes.',
		],
		[
			200,
			{ success: false, error: 'Agent is paused' },
			'OSVI answered with an error: Agent is paused',
			'Check the parameters of this node, then try again.',
		],
	])('maps status %i to a message and a fix', (status, body, message, description) => {
		const error = osviResponseError(context('read', 3), status, body);
		expect(error.message).toBe(message);
		expect(error.description).toBe(description);
		expect(error.httpCode).toBe(String(status));
		expect(error.context.itemIndex).toBe(3);
	});

	test('warns that a server error on call creation may have dialled already', () => {
		const error = osviResponseError(context('placesCall', 0), 502, 'Bad Gateway');
		expect(error.message).toBe('OSVI had a problem answering: Bad Gateway');
		expect(error.description).toBe(
			'The call may or may not have been placed. Check List calls for this phone number before running this item again, so that nobody is dialled twice.',
		);
	});
});

describe('osviNetworkError', () => {
	test('says a call may have been placed when the connection broke after sending', () => {
		const error = osviNetworkError(context('placesCall', 1), 'ECONNRESET', true);
		expect(error.message).toBe('The connection to OSVI failed: the call may have been placed');
		expect(error.description).toBe(
			'The request reached OSVI, but no answer came back (ECONNRESET), so it was not repeated. The call may or may not have been placed. Check List calls for this phone number before running this item again, so that nobody is dialled twice.',
		);
	});

	test('explains a timeout of a read', () => {
		const error = osviNetworkError(context('read'), 'ECONNABORTED', true);
		expect(error.message).toBe('OSVI did not answer in time');
		expect(error.description).toBe(
			'Raise the Timeout in Options, or try again later (ECONNABORTED).',
		);
	});

	test('points at the base URL when OSVI could not be reached at all', () => {
		const error = osviNetworkError(context('placesCall'), 'ECONNREFUSED', false);
		expect(error.message).toBe('The connection to OSVI failed');
		expect(error.description).toBe(
			'Check the Base URL of the OSVI API credential and your network, then try again (ECONNREFUSED).',
		);
	});
});

test('a body that is not JSON in answer to call creation warns that the call may have been placed', () => {
	const error = osviUnexpectedAnswerError(context('placesCall', 0), 200, '<html>', 'JSON');
	expect(error.message).toBe('OSVI answered with something that is not valid JSON');
	expect(error.description).toBe(
		'The call may or may not have been placed. Check List calls for this phone number before running this item again, so that nobody is dialled twice. Check that the Base URL of the OSVI API credential points at the OSVI API (https://api.osvi.ai).',
	);
});

test('a body that is not JSON is reported as such, with a hint about the base URL', () => {
	const error = osviUnexpectedAnswerError(context('read'), 200, '<html>', 'JSON');
	expect(error.message).toBe('OSVI answered with something that is not valid JSON');
	expect(error.description).toBe(
		'Check that the Base URL of the OSVI API credential points at the OSVI API (https://api.osvi.ai) and not at a web page.',
	);
});

describe('a write with its own words for an unknown outcome', () => {
	const ownWords = {
		briefly: 'contacts may have been added',
		advice: 'The 2 contacts may or may not have been added to campaign 7.',
	};
	const write: ErrorContext = { ...context('write', 0), uncertainOutcome: ownWords };

	test('uses them for a 5xx, a redirect, an answer that does not fit and a dropped connection', () => {
		expect(osviResponseError(write, 502, 'Bad Gateway').description).toBe(ownWords.advice);
		expect(osviRedirectError(write, 302, 'https://elsewhere.example/').description).toBe(
			`${ownWords.advice} OSVI requests never follow redirects, so the API token goes nowhere but the Base URL. Check that the Base URL of the OSVI API credential points at the OSVI API (https://api.osvi.ai).`,
		);
		expect(osviUnexpectedAnswerError(write, 200, '<html>', 'JSON').description).toBe(
			`${ownWords.advice} Check that the Base URL of the OSVI API credential points at the OSVI API (https://api.osvi.ai).`,
		);
		const dropped = osviNetworkError(write, 'ECONNRESET', true);
		expect(dropped.message).toBe('The connection to OSVI failed: contacts may have been added');
		expect(dropped.description).toBe(
			`The request reached OSVI, but no answer came back (ECONNRESET), so it was not repeated. ${ownWords.advice}`,
		);
	});

	test('keeps the general advice for a refused request', () => {
		expect(osviResponseError(write, 422, { errors: ['phone is invalid'] }).description).toBe(
			'Check the field named in the message and correct its value.',
		);
	});
});
