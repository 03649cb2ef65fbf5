// Worker threads do not inherit the TypeScript loader: register tsx, then run the worker.
import { register } from 'tsx/esm/api';

register();
await import('./training-worker.ts');
