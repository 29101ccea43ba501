import { resourceDescription } from '../resource';
import { get } from './get.operation';
import { getRecording } from './getRecording.operation';
import { getTranscript } from './getTranscript.operation';
import { initiate } from './initiate.operation';
import { initiateAndWait } from './initiateAndWait.operation';
import { list } from './list.operation';

export const operations = { initiate, initiateAndWait, get, getTranscript, getRecording, list };

export const description = resourceDescription('call', operations, 'initiate');
