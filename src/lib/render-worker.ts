// The thread that renders Markdown for `renderOffThread` (src/lib/render-thread.ts): one message
// per body, answered with its HTML or the error.
import { parentPort } from 'node:worker_threads';
import { renderMarkdown } from './markdown.js';

parentPort?.on('message', ({ id, body }: { id: number; body: string }) => {
  try {
    parentPort?.postMessage({ id, html: renderMarkdown(body) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
