import type { INodeProperties } from 'n8n-workflow';

import { Osvi } from '../../../../../nodes/Osvi/Osvi.node';

const { properties } = new Osvi().description;

/** The parameter `name` as it shows for `resource` (and `operation`, when given). */
function property(name: string, resource: string, operation?: string): INodeProperties {
	const found = properties.find(
		(candidate) =>
			candidate.name === name &&
			(candidate.displayOptions?.show?.resource ?? [resource]).includes(resource) &&
			(operation === undefined ||
				(candidate.displayOptions?.show?.operation ?? [operation]).includes(operation)),
	);
	if (!found) throw new Error(`No parameter ${name} for ${resource} ${operation ?? ''}`);
	return found;
}

const names = (resource: string, operation: string) =>
	properties
		.filter(
			(candidate) =>
				candidate.displayOptions?.show?.resource?.includes(resource) &&
				candidate.displayOptions?.show?.operation?.includes(operation),
		)
		.map((candidate) => candidate.name);

describe('OSVI node description: Do Not Disturb (names that saved workflows depend on)', () => {
	test('offers resource dnd, shown as Do Not Disturb', () => {
		expect(property('resource', 'dnd').options).toContainEqual({
			name: 'Do Not Disturb',
			value: 'dnd',
		});
	});

	test('has operations add, getMany and remove, whose actions name the list', () => {
		const operation = property('operation', 'dnd');
		expect(operation.default).toBe('add');
		expect(operation.options).toEqual([
			expect.objectContaining({ value: 'add', action: 'Add number to Do Not Disturb list' }),
			expect.objectContaining({ value: 'getMany', action: 'Get many Do Not Disturb numbers' }),
			expect.objectContaining({
				value: 'remove',
				action: 'Remove number from Do Not Disturb list',
			}),
		]);
	});

	test('each operation has exactly its contract’s parameters and the request options', () => {
		expect(names('dnd', 'add')).toEqual([
			'agentId',
			'phoneNumber',
			'countryCode',
			'reason',
			'options',
		]);
		expect(names('dnd', 'getMany')).toEqual(['agentId', 'returnAll', 'limit', 'search', 'options']);
		expect(names('dnd', 'remove')).toEqual(['agentId', 'phoneNumber', 'countryCode', 'options']);
	});

	test('the agent is the locator of Initiate, the country defaults to India, Limit to 50', () => {
		for (const operation of ['add', 'getMany', 'remove']) {
			const agent = property('agentId', 'dnd', operation);
			expect(agent).toMatchObject({ type: 'resourceLocator', required: true });
			expect(agent.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
		}
		expect(property('countryCode', 'dnd', 'add')).toMatchObject({ type: 'options', default: 'IN' });
		expect(property('reason', 'dnd', 'add')).toMatchObject({ type: 'string', default: '' });
		expect(property('returnAll', 'dnd', 'getMany')).toMatchObject({
			type: 'boolean',
			default: false,
		});
		expect(property('limit', 'dnd', 'getMany')).toMatchObject({
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
		});
		expect(property('search', 'dnd', 'getMany')).toMatchObject({ type: 'string', default: '' });
	});
});
