import { resourceDescription } from '../resource';
import { add } from './add.operation';
import { getMany } from './getMany.operation';
import { remove } from './remove.operation';

export const operations = { add, getMany, remove };

export const description = resourceDescription('dnd', operations, 'add');
