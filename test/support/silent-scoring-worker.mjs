// A scoring thread that is stuck: it takes every message and never answers.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => {});
