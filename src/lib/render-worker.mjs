// The render thread's entry when the server runs from the sources (tsx, tap): threads do not
// inherit tsx's loader, so it is registered here first. The bundle has its own entry,
// dist/render-worker.mjs (scripts/bundle.ts), built from render-worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
