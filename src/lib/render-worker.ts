// The thread that renders Markdown for `renderOffThread` (src/lib/render-thread.ts): one message
// per body, answered with its HTML and reading time, or the error.
import { parentPort } from 'node:worker_threads';
import { renderBody } from './markdown.js';

parentPort?.on('message', ({ id, body }: { id: number; body: string }) => {
  try {
    const { html, readingTimeMinutes } = renderBody(body);
    parentPort?.postMessage({ id, html, readingTimeMinutes });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
