import { callStatuses, callStatusOptions } from '../../../nodes/shared/callStatus';

describe('call statuses', () => {
	test('are the six outcomes OSVI documents for List calls', () => {
		expect(callStatuses).toEqual([
			'picked',
			'not_picked',
			'failed',
			'busy',
			'voicemail',
			'in_progress',
		]);
	});

	test('each have exactly one option, labelled in Title Case and sorted by label', () => {
		expect(callStatusOptions.map((option) => option.value).sort()).toEqual(
			[...callStatuses].sort(),
		);
		const labels = callStatusOptions.map((option) => option.name);
		expect(labels).toEqual([...labels].sort());
		for (const label of labels) expect(label).toMatch(/^([A-Z][a-z]+ ?)+$/);
	});
});
