import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import type { OsviCall } from '../shared/interfaces';
import { osviRequest } from '../shared/transport';
import { checkCallLog, latestFinishedCall } from './callLog';
import type { PageReader } from './callLog';
import { properties, readSettings } from './parameters';

/** Reads `GET /v1/calls` through the one transport (reads retry 429 and 5xx). */
function pageReader(context: IPollFunctions): PageReader {
	return async (query, page, perPage) => {
		const answer = await osviRequest<OsviCall>(context, {
			method: 'GET',
			path: '/v1/calls',
			effect: 'read',
			response: 'page',
			query: { ...query, page, per_page: perPage },
			advice: {
				404: {
					message: 'OSVI has no agent with the Agent ID of the trigger’s filters on your account',
					description:
						'Copy the agent’s ID from its page in the OSVI dashboard into Filters → Agent ID, or remove that filter.',
				},
			},
		});
		return answer.data;
	};
}

/** OSVI's own errors come from the transport; the call log's (a listing that makes no sense) get the node's name. */
function asNodeError(context: IPollFunctions, error: unknown): unknown {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (!(error instanceof Error)) return error;
	return new NodeOperationError(context.getNode(), error.message, {
		description:
			'Nothing was reported and the trigger remembers nothing of this check: the next check reads the same calls again.',
	});
}

// Poll contexts that have checked before. n8n makes one per activation and polls with it until deactivation; the
// first check after a user activates the workflow starts from now, while a restart of n8n ('init') or saving an
// active workflow ('update') continues from the stored state.
const contextsChecked = new WeakSet<IPollFunctions>();

// Static data objects of checks still running: n8n may start the next check before a slow one ends, and two
// checks working from one state would report the same calls twice.
const checksRunning = new WeakSet<IDataObject>();

export class OsviCallLogTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OSVI Call Log Trigger',
		name: 'osviCallLogTrigger',
		icon: {
			light: 'file:../Osvi/osvi.svg',
			dark: 'file:../Osvi/osvi.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["callStatus"].length ? "Call status: " + $parameter["callStatus"].join(", ") : "Every finished call"}}',
		description: "Starts the workflow when a call finishes, by checking OSVI's call log",
		polling: true,
		defaults: {
			name: 'OSVI Call Log Trigger',
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'osviApi',
				required: true,
			},
		],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = readSettings(this);
		const read = pageReader(this);

		if (this.getMode() === 'manual') {
			const call = await latestFinishedCall(read, settings);
			if (!call) {
				throw new NodeOperationError(this.getNode(), 'No finished call matches yet', {
					description:
						'OSVI lists no finished call that matches the Call Status and Filters of this trigger. Once a call has finished, fetch again; or widen the filters.',
				});
			}
			return [[{ json: call }]];
		}

		const staticData = this.getWorkflowStaticData('node');
		if (checksRunning.has(staticData)) {
			this.logger.info('OSVI Call Log Trigger skipped a check: the previous one is still running');
			return null;
		}
		checksRunning.add(staticData);
		try {
			const activated = this.getActivationMode() === 'activate' && !contextsChecked.has(this);
			const stored = activated ? undefined : staticData.callLog;
			const result = await checkCallLog(read, stored, settings).catch((error: unknown) => {
				throw asNodeError(this, error);
			});
			for (const note of result.notes) this.logger.warn(`OSVI Call Log Trigger: ${note}`);
			if (result.started) {
				this.logger.info(
					'OSVI Call Log Trigger started from now: calls that finish from here on are reported',
				);
			}
			staticData.callLog = result.state;
			contextsChecked.add(this);
			return result.calls.length > 0 ? [result.calls.map((call) => ({ json: call }))] : null;
		} finally {
			checksRunning.delete(staticData);
		}
	}
}
