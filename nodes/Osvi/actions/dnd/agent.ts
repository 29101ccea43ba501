import type { INodeProperties } from 'n8n-workflow';

import { agentProperty } from '../fields';

/** Each agent has its own Do Not Disturb list, so every operation names one. */
export const dndAgentProperty: INodeProperties = agentProperty(
	'The OSVI voice agent whose Do Not Disturb list this is. Each agent has its own list.',
);
