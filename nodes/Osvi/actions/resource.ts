import { updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from './operation';

/**
 * A resource's Operation selector followed by each operation's own properties, shown only for that operation.
 * Everything comes from `operations`, so adding an operation to a resource is one line there.
 */
export function resourceDescription(
	resource: string,
	operations: Record<string, Operation>,
	defaultOperation: string,
): INodeProperties[] {
	const choices = Object.entries(operations)
		.map(([value, { choice }]) => ({ ...choice, value }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: choices,
			default: defaultOperation,
		},
		...Object.entries(operations).flatMap(([name, operation]) =>
			updateDisplayOptions(
				{ show: { resource: [resource], operation: [name] } },
				operation.properties,
			),
		),
	];
}
