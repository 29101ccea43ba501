import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { z } from 'zod';

/**
 * Display names by parameter name, collection options included, so that an error names the field the user sees.
 * Built from the properties an operation already declares: a field is described once.
 */
export function labelsOf(properties: readonly INodeProperties[]): Map<string, string> {
	const labels = new Map<string, string>();
	for (const property of properties) {
		labels.set(property.name, property.displayName);
		for (const option of property.options ?? []) {
			if ('displayName' in option && 'type' in option) {
				labels.set(option.name, option.displayName);
			}
		}
	}
	return labels;
}

/**
 * The error for a parameter that fails its check: it names the field and the item (a trigger has none), and says
 * nothing was sent.
 */
export function invalidParameter(
	node: INode,
	itemIndex: number | undefined,
	label: string,
	reason: string,
): NodeOperationError {
	if (itemIndex === undefined) {
		return new NodeOperationError(node, `Invalid ${label}: ${reason}`, {
			description: `Nothing was sent to OSVI. Correct the ${label} field and run the node again.`,
		});
	}
	return new NodeOperationError(node, `Invalid ${label} in item ${itemIndex}: ${reason}`, {
		itemIndex,
		description: `Nothing was sent to OSVI for item ${itemIndex}. Correct the ${label} field and run the node again.`,
	});
}

/** Checks values against a schema; a failure becomes `invalidParameter` for the first field at fault. */
export function checkParameters<Schema extends z.ZodTypeAny>(
	node: INode,
	itemIndex: number | undefined,
	schema: Schema,
	values: unknown,
	labels: Map<string, string>,
): z.output<Schema> {
	const result = schema.safeParse(values);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const field = String(issue.path[0] ?? '');
	throw invalidParameter(node, itemIndex, labels.get(field) ?? field, issue.message);
}

/**
 * Reads one item's parameters as the given properties declare them and checks them against `schema`. Collections
 * (Additional Fields, Filters, Options) are flattened, so the schema sees every field by its own name; a resource
 * locator gives its value.
 */
export function readParameters<Schema extends z.ZodTypeAny>(
	context: IExecuteFunctions,
	itemIndex: number,
	properties: readonly INodeProperties[],
	schema: Schema,
): z.output<Schema> {
	const values: Record<string, unknown> = {};
	for (const property of properties) {
		if (property.type === 'notice') continue;
		const value = context.getNodeParameter(property.name, itemIndex, property.default, {
			extractValue: property.type === 'resourceLocator',
		});
		if (property.type === 'collection' && typeof value === 'object' && value !== null) {
			Object.assign(values, value);
		} else {
			values[property.name] = value;
		}
	}
	return checkParameters(context.getNode(), itemIndex, schema, values, labelsOf(properties));
}

// Values from expressions arrive as the data holds them: numbers as text, lists as "a,b", blanks as '' or null.
const blankAsAbsent = (value: unknown) => (value === '' || value === null ? undefined : value);

/** Text that may be left empty; empty means "not sent". */
export const optionalText = z.preprocess(
	blankAsAbsent,
	z
		.string({ invalid_type_error: 'must be text' })
		.transform((value) => value.trim() || undefined)
		.optional(),
);

/** Text that must not be empty. */
export const requiredText = (emptyMessage: string) =>
	z.string({ invalid_type_error: 'must be text' }).trim().min(1, emptyMessage);

/** A number within bounds, also when an expression gives it as text; `whole` asks for a whole number. */
function boundedNumber(bounds: { min: number; max?: number }, whole: boolean) {
	const kind = whole ? 'a whole number' : 'a number';
	return z
		.union([z.number(), z.string()], { errorMap: () => ({ message: `must be ${kind}` }) })
		.transform((value, context) => {
			const number = typeof value === 'number' ? value : value.trim() ? Number(value) : Number.NaN;
			const problem = !(whole ? Number.isInteger(number) : Number.isFinite(number))
				? `must be ${kind}`
				: number < bounds.min
					? `must be ${bounds.min} or more`
					: bounds.max !== undefined && number > bounds.max
						? `must be ${bounds.max} or less`
						: undefined;
			if (problem === undefined) return number;
			context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
			return z.NEVER;
		});
}

/** A whole number within bounds, also when an expression gives it as text. */
export const wholeNumber = (bounds: { min: number; max?: number }) => boundedNumber(bounds, true);

/** A number within bounds that may have a fraction (half a minute), also when an expression gives it as text. */
export const decimalNumber = (bounds: { min: number; max?: number }) =>
	boundedNumber(bounds, false);

/** A positive whole number that may be left empty (an ID filter, for instance). */
export const optionalPositiveWholeNumber = z.preprocess(
	blankAsAbsent,
	wholeNumber({ min: 1 }).optional(),
);

/** One of `values`, or absent when left empty. */
export function optionalChoice<const Values extends readonly [string, ...string[]]>(
	values: Values,
) {
	return z.preprocess(
		blankAsAbsent,
		z.enum(values, { message: `must be ${values.join(' or ')}` }).optional(),
	);
}

/** A JSON object (not an array or a scalar); the JSON editor hands over text, an expression may give an object. */
export const optionalJsonObject = (example: string) =>
	z.preprocess(
		(value) => {
			if (typeof value !== 'string') return blankAsAbsent(value);
			if (value.trim() === '') return undefined;
			try {
				return JSON.parse(value) as unknown;
			} catch {
				return value;
			}
		},
		z
			.record(z.unknown(), { invalid_type_error: `must be a JSON object, such as ${example}` })
			.optional()
			.transform((value) => (value && Object.keys(value).length > 0 ? value : undefined)),
	);

/** A boolean, also as the text "true" or "false" from an expression. */
export const flag = z.preprocess(
	(value) => (value === 'true' ? true : value === 'false' ? false : value),
	z.boolean({ invalid_type_error: 'must be true or false' }),
);

/** Drops keys whose value is undefined: OSVI falls back to its defaults only for fields that are absent. */
export function withoutUndefined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
