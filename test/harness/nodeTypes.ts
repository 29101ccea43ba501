import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { Osvi } from '../../nodes/Osvi/Osvi.node';
import { OsviCallLogTrigger } from '../../nodes/OsviCallLogTrigger/OsviCallLogTrigger.node';

/** Stands in for n8n-nodes-base.manualTrigger, so workflows exported from n8n run here unchanged. */
class ManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Stand-in for the manual trigger',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

const registry: Record<string, INodeType> = {
	'n8n-nodes-base.manualTrigger': new ManualTrigger(),
	'n8n-nodes-osvi.osvi': new Osvi(),
	'n8n-nodes-osvi.osviCallLogTrigger': new OsviCallLogTrigger(),
};

export const nodeTypes: INodeTypes = {
	getByName(type: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(type);
	},
	getByNameAndVersion(type: string): INodeType {
		const nodeType = registry[type];
		if (!nodeType) throw new Error(`The test harness does not know node type ${type}`);
		return nodeType;
	},
	getKnownTypes() {
		return {};
	},
};
