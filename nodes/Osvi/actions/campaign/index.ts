import { resourceDescription } from '../resource';
import { addContacts } from './addContacts.operation';
import { getStatus } from './getStatus.operation';

export const operations = { addContacts, getStatus };

export const description = resourceDescription('campaign', operations, 'addContacts');
