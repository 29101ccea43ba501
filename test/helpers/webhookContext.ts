import { returnJsonArray } from 'n8n-core';
import {
	NodeHelpers,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type LogMetadata,
	type Logger,
} from 'n8n-workflow';

type Headers = ReturnType<IWebhookFunctions['getHeaderData']>;

/** One HTTP delivery to a trigger, plus the node settings and credential it meets. */
export interface FakeDelivery {
	/** The node whose parameters are read; its defaults fill whatever `parameters` leaves out. */
	description: INodeTypeDescription;
	parameters?: INodeParameters;
	/** Credentials by type; a type that is missing here rejects like a node without that credential. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	method?: string;
	/** Lower-case names, as Node.js hands them to n8n. */
	headers?: Headers;
	query?: IDataObject;
	/** Whatever n8n parsed from the request: undefined when the request had no body. */
	body?: unknown;
}

/** What the node wrote to the HTTP response itself (it writes nothing when n8n answers for it). */
export interface RecordedResponse {
	statusCode?: number;
	headers: Record<string, string>;
	body?: string;
	ended: boolean;
}

/** The members of `IWebhookFunctions` the fake implements. */
type WebhookContextSubset = Pick<
	IWebhookFunctions,
	| 'getNode'
	| 'getNodeParameter'
	| 'getCredentials'
	| 'getBodyData'
	| 'getHeaderData'
	| 'getQueryData'
	| 'getRequestObject'
	| 'getResponseObject'
	| 'logger'
> & { helpers: Pick<IWebhookFunctions['helpers'], 'returnJsonArray'> };

/** One line the node logged. */
export interface LogEntry {
	level: keyof Logger;
	message: string;
	metadata?: LogMetadata;
}

function createRecordingLogger(): { logger: Logger; logs: LogEntry[] } {
	const logs: LogEntry[] = [];
	const record =
		(level: keyof Logger) =>
		(message: string, metadata?: LogMetadata): void => {
			logs.push(metadata === undefined ? { level, message } : { level, message, metadata });
		};
	return {
		logger: {
			error: record('error'),
			warn: record('warn'),
			info: record('info'),
			debug: record('debug'),
		},
		logs,
	};
}

function createResponseRecorder() {
	const recorded: RecordedResponse = { headers: {}, ended: false };
	const response = {
		writeHead(statusCode: number, headers: Record<string, string> = {}) {
			recorded.statusCode = statusCode;
			Object.assign(recorded.headers, headers);
			return response;
		},
		setHeader(name: string, value: string) {
			recorded.headers[name] = value;
			return response;
		},
		status(statusCode: number) {
			recorded.statusCode = statusCode;
			return response;
		},
		json(body: unknown) {
			recorded.headers['Content-Type'] ??= 'application/json; charset=utf-8';
			return response.end(JSON.stringify(body));
		},
		send(body: string) {
			return response.end(body);
		},
		end(body?: string) {
			if (recorded.ended) throw new Error('The response was ended twice');
			recorded.statusCode ??= 200;
			recorded.body = body;
			recorded.ended = true;
			return response;
		},
	};
	return { response, recorded };
}

/**
 * A fake `IWebhookFunctions` for calling a trigger's `webhook()` directly. Reading any member it
 * does not implement throws, so a node that starts relying on more of n8n fails here loudly.
 */
export function createWebhookContext(delivery: FakeDelivery): {
	context: IWebhookFunctions;
	response: RecordedResponse;
	logs: LogEntry[];
} {
	const { description } = delivery;
	const parameters =
		NodeHelpers.getNodeParameters(
			description.properties,
			delivery.parameters ?? {},
			true,
			false,
			{ typeVersion: 1 },
			description,
		) ?? {};
	const node: INode = {
		id: 'b5c2f3a4-0000-4000-8000-000000000001',
		name: description.defaults.name ?? description.displayName,
		type: `n8n-nodes-osvi.${description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
	};
	const headers: Headers = delivery.headers ?? {};
	const query = delivery.query ?? {};
	const { response, recorded } = createResponseRecorder();
	const { logger, logs } = createRecordingLogger();

	const subset: WebhookContextSubset = {
		getNode: () => node,
		getNodeParameter: (name: string, fallback?: unknown) => {
			const value = parameters[name];
			return value === undefined ? (fallback as object) : value;
		},
		getCredentials: async <T extends object = ICredentialDataDecryptedObject>(type: string) => {
			const credentials = delivery.credentials?.[type];
			if (credentials === undefined) {
				throw new Error(`Node "${node.name}" does not have any credentials of type "${type}" set`);
			}
			return credentials as T;
		},
		getBodyData: () => delivery.body as IDataObject,
		getHeaderData: () => headers,
		getQueryData: () => query,
		getRequestObject: () => ({
			method: delivery.method ?? 'POST',
			headers,
			query,
			body: delivery.body,
		}),
		getResponseObject: () => response,
		logger,
		helpers: { returnJsonArray },
	};

	const context = new Proxy(subset, {
		get(target, property, receiver) {
			if (typeof property === 'string' && !(property in target)) {
				throw new Error(`The fake webhook context does not implement ${property}()`);
			}
			return Reflect.get(target, property, receiver);
		},
	});

	// The node is handed the subset under n8n's full type; the proxy above guards the difference.
	return {
		context: context as unknown as IWebhookFunctions,
		response: recorded,
		logs,
	};
}
