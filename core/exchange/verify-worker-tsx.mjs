// Worker entry when Ducha runs from its TypeScript sources (the CLI, the browser host and
// the tests, all through tsx): register tsx in this thread as bin/ducha.mjs does for the
// main one, then load the worker. The packaged app runs dist/electron/verify-worker.mjs.
import { register } from 'tsx/esm/api';

register();
await import('./verify-worker.ts');
