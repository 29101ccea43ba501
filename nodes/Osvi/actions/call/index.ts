import { resourceDescription } from '../resource';
import { initiate } from './initiate.operation';
import { list } from './list.operation';

export const operations = { initiate, list };

export const description = resourceDescription('call', operations, 'initiate');
