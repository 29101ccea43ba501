import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';
import type { z } from 'zod';

/** Parameter names as the user sees them, so that errors point at the field to fix. */
export type FieldLabels = Record<string, string>;

/**
 * Validates one item's parameters; a failure names the item and the field, and is thrown before
 * anything is sent to OSVI.
 */
export function parseItemParameters<Schema extends z.ZodTypeAny>(
	node: INode,
	itemIndex: number,
	schema: Schema,
	parameters: unknown,
	labels: FieldLabels,
): z.output<Schema> {
	const result = schema.safeParse(parameters);
	if (result.success) return result.data;

	const issue = result.error.issues[0];
	const field = String(issue.path[0] ?? '');
	const label = labels[field] ?? field;
	throw new NodeOperationError(node, `Invalid ${label} in item ${itemIndex}: ${issue.message}`, {
		itemIndex,
		description: `Nothing was sent to OSVI for item ${itemIndex}. Correct the ${label} field and run the node again.`,
	});
}
