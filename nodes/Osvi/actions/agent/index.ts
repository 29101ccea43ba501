import { resourceDescription } from '../resource';
import { getMany } from './getMany.operation';

export const operations = { getMany };

export const description = resourceDescription('agent', operations, 'getMany');
