// The scoring thread: register the TypeScript loader, then run the worker.
import { register } from 'tsx/esm/api';

register();
await import('./scoring-worker.ts');
