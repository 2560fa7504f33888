// The thread entry of `seed` (bench/seed.ts). Threads do not inherit tsx's loader from the
// process, so it is registered here before the TypeScript worker is loaded.
import { register } from 'tsx/esm/api';

register();
await import('./seed-worker.ts');
