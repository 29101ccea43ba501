import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import * as agent from './agent';
import * as call from './call';
import * as campaign from './campaign';
import * as dnd from './dnd';
import type { Operation } from './operation';

/** Every operation by resource: adding one is a line in its resource's `operations`. */
const resources: Record<string, Record<string, Operation>> = {
	call: call.operations,
	agent: agent.operations,
	campaign: campaign.operations,
	dnd: dnd.operations,
};

/** Dispatches on resource and operation; the operation's kind decides how items run (see `run/`). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of resource "${resource}" is not known`,
		);
	}
	return [await operation.run(this)];
}
