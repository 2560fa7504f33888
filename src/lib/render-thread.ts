import { Worker } from 'node:worker_threads';
import { renderMarkdown } from './markdown.js';

/** Shorter bodies render in less time than a round trip to the thread costs. */
const MIN_OFFLOADED_LENGTH = 512;

interface Pending {
  body: string;
  resolve: (html: string) => void;
  reject: (error: Error) => void;
}

let worker: Worker | undefined;
let failed = false;
let nextId = 0;
const pending = new Map<number, Pending>();

/**
 * `renderMarkdown` on a thread of its own, shared by the whole process (it is a pure function).
 * Rendering and sanitizing a ~3 KB body costs ~0.9 ms, about a quarter of a create's time on the
 * event loop; on the thread it overlaps with other requests' work on another core. Should the
 * thread fail, what it had and everything after renders on the event loop, as before.
 */
export function renderOffThread(body: string): Promise<string> {
  const thread = body.length < MIN_OFFLOADED_LENGTH || failed ? undefined : (worker ?? start());
  if (thread === undefined) return Promise.resolve(renderMarkdown(body));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { body, resolve, reject });
    thread.postMessage({ id, body });
    // Referenced only while it has work: an idle thread never keeps the process alive.
    if (pending.size === 1) thread.ref();
  });
}

function start(): Worker | undefined {
  try {
    worker = new Worker(new URL('./render-worker.mjs', import.meta.url));
  } catch {
    failed = true;
    return undefined;
  }
  const thread = worker;
  thread.unref();
  thread.on('message', ({ id, html, error }: { id: number; html?: string; error?: string }) => {
    const job = pending.get(id);
    if (job === undefined) return;
    pending.delete(id);
    if (pending.size === 0) thread.unref();
    if (html !== undefined) job.resolve(html);
    else job.reject(new Error(error ?? 'the render thread sent no HTML'));
  });
  const fallBack = () => {
    if (!failed) process.emitWarning('the Markdown render thread stopped: rendering on the event loop from now on');
    failed = true;
    worker = undefined;
    for (const [id, job] of pending) {
      pending.delete(id);
      try {
        job.resolve(renderMarkdown(job.body));
      } catch (error) {
        job.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
  };
  thread.on('error', fallBack);
  thread.on('exit', fallBack);
  return thread;
}
