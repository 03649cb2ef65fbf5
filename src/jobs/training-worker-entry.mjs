// The training child process: register the TypeScript loader, then run the worker.
import { register } from 'tsx/esm/api';

register();
await import('./training-worker.ts');
