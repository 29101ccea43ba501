import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IConnections,
	INode,
	INodeExecutionData,
	IPinData,
	IRun,
	IWorkflowExecuteAdditionalData,
	ITaskData,
} from 'n8n-workflow';

import { TestCredentialsHelper } from './credentialsHelper';
import { nodeTypes } from './nodeTypes';

export interface WorkflowJson {
	nodes: INode[];
	connections: IConnections;
	settings?: Record<string, unknown>;
	pinData?: IPinData;
}

export interface WorkflowRun {
	run: IRun;
	/** Output items of a node's first run, first output. */
	output(nodeName: string): INodeExecutionData[];
	/** The error a node ended with, if any. */
	error(nodeName: string): ITaskData['error'];
}

/** A workflow and the slice of a server's execution context that nodes making HTTP requests reach. */
export function createEnvironment(
	workflowJson: WorkflowJson,
	credentials: Record<string, ICredentialDataDecryptedObject>,
	hooks?: ExecutionLifecycleHooks,
) {
	const workflow = new Workflow({
		id: 'test',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		nodeTypes,
		settings: workflowJson.settings,
		active: false,
	});
	const additionalData = {
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentials),
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		variables: {},
	} as Partial<IWorkflowExecuteAdditionalData> as IWorkflowExecuteAdditionalData;
	return { workflow, additionalData };
}

/** Runs workflow JSON through n8n's real execution engine with this package's real node and credential classes. */
export async function runWorkflow(
	workflowJson: WorkflowJson,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): Promise<WorkflowRun> {
	const { execution, finished } = startExecution(workflowJson, credentials);
	await execution;
	return workflowRun(await finished);
}

export interface StartedWorkflow {
	/** Stops the execution as n8n's Stop button does: the execution's cancel signal aborts. */
	cancel(): void;
	/**
	 * The run once the engine is done, also with a node that was still running when the execution was stopped: its
	 * error (or output) is in the run data.
	 */
	settled: Promise<WorkflowRun>;
}

/** Starts workflow JSON like `runWorkflow`, with a way to stop it while a node runs. */
export function startWorkflow(
	workflowJson: WorkflowJson,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): StartedWorkflow {
	const { execution } = startExecution(workflowJson, credentials);
	return {
		cancel: () => execution.cancel(),
		settled: Promise.resolve(execution).then(workflowRun),
	};
}

function workflowRun(run: IRun): WorkflowRun {
	const taskData = (nodeName: string) => run.data.resultData.runData[nodeName]?.[0];
	return {
		run,
		output: (nodeName) => taskData(nodeName)?.data?.main[0] ?? [],
		error: (nodeName) => taskData(nodeName)?.error,
	};
}

function startExecution(
	workflowJson: WorkflowJson,
	credentials: Record<string, ICredentialDataDecryptedObject>,
) {
	const startNode = workflowJson.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger');
	if (!startNode) throw new Error('The workflow needs a manual trigger to start from');

	const workflowData = {
		id: 'test',
		name: 'test',
		active: false,
		isArchived: false,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	};
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', workflowData);
	let resolveFinished: (run: IRun) => void = () => {};
	const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));

	const { workflow, additionalData } = createEnvironment(workflowJson, credentials, hooks);
	const executionData = createRunExecutionData({
		resultData: { pinData: workflowJson.pinData },
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});

	const execution = new WorkflowExecute(
		additionalData,
		'manual',
		executionData,
	).processRunExecutionData(workflow);
	return { execution, finished };
}
