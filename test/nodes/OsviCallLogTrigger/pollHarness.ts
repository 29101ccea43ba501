import { PollContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	WorkflowActivateMode,
} from 'n8n-workflow';

import { OsviCallLogTrigger } from '../../../nodes/OsviCallLogTrigger/OsviCallLogTrigger.node';
import { sandboxCredentials } from '../../harness/osviWorkflow';
import { nodeTypes } from '../../harness/nodeTypes';
import { createEnvironment } from '../../harness/runWorkflow';

export const triggerName = 'OSVI Call Log Trigger';

const trigger = new OsviCallLogTrigger();

/** One result of `poll()`: the items n8n would start the workflow with (none when it returned null). */
export interface PollResult {
	items: INodeExecutionData[] | null;
	warnings: string[];
}

/**
 * An active OSVI Call Log Trigger as n8n runs one: a workflow whose static data lives as long as the activation,
 * and n8n-core's own `PollContext`, made once per activation and used for every check, as n8n's scheduler does;
 * requests go over HTTP to the sandbox. `restart()` reloads the workflow from its static data as stored (JSON), as
 * n8n does when it starts ('init'); `saveWhileActive()` as when a user saves the active workflow ('update');
 * `reactivate()` does the same as when a user activates the workflow again.
 */
export class PolledTrigger {
	readonly node: INode;
	/** What the trigger logged at info level, over every check. */
	readonly infos: string[] = [];
	private readonly additionalData;
	private workflow: Workflow;
	private context: PollContext;

	constructor(sandbox: { url: string; token: string }, parameters: INodeParameters = {}) {
		this.node = {
			id: 'call-log-trigger',
			name: triggerName,
			type: 'n8n-nodes-osvi.osviCallLogTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, ...parameters },
			credentials: { osviApi: { id: '1', name: 'OSVI account' } },
		};
		const json = { nodes: [this.node], connections: {} };
		this.additionalData = createEnvironment(json, sandboxCredentials(sandbox)).additionalData;
		this.workflow = this.load({});
		this.context = this.activate('activate');
	}

	private load(staticData: IDataObject): Workflow {
		return new Workflow({
			id: 'call-log',
			nodes: [this.node],
			connections: {},
			nodeTypes,
			active: true,
			staticData,
			settings: { timezone: 'Asia/Kolkata' },
		});
	}

	private activate(activation: WorkflowActivateMode): PollContext {
		return new PollContext(this.workflow, this.node, this.additionalData, 'trigger', activation);
	}

	/** One scheduled check (`getMode()` is 'trigger'). */
	async check(): Promise<PollResult> {
		return await this.poll(this.context);
	}

	/** A test run from the editor (`getMode()` is 'manual'), on the workflow as it is. */
	async manual(): Promise<PollResult> {
		return await this.poll(
			new PollContext(this.workflow, this.node, this.additionalData, 'manual', 'manual'),
		);
	}

	private async poll(context: PollContext): Promise<PollResult> {
		const warnings: string[] = [];
		const warn = jest
			.spyOn(context.logger, 'warn')
			.mockImplementation((message: string) => void warnings.push(message));
		const info = jest
			.spyOn(context.logger, 'info')
			.mockImplementation((message: string) => void this.infos.push(message));
		try {
			const data = await trigger.poll.call(context);
			return { items: data === null ? null : data[0], warnings };
		} finally {
			warn.mockRestore();
			info.mockRestore();
		}
	}

	/** The static data as n8n would store it. */
	stored(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}

	/** n8n stopped and started again: the workflow comes back from the database with the static data it stored. */
	restart(): void {
		this.workflow = this.load(this.stored());
		this.context = this.activate('init');
	}

	/** The user saved the workflow while it is active: n8n activates it again in mode 'update', from the stored static data. */
	saveWhileActive(): void {
		this.workflow = this.load(this.stored());
		this.context = this.activate('update');
	}

	/** The user deactivated and activated the workflow again (its static data stays in the database). */
	reactivate(): void {
		this.workflow = this.load(this.stored());
		this.context = this.activate('activate');
	}
}
