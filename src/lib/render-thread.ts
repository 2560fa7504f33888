import { Worker } from 'node:worker_threads';
import { renderBody, type Rendered } from './markdown.js';

/** Shorter bodies render in less time than a round trip to the thread costs. */
const MIN_OFFLOADED_LENGTH = 512;
/** Longer ones render in place, as they would without the thread (see RESOURCE_LIMITS). */
const MAX_OFFLOADED_LENGTH = 256 * 1024;
/**
 * The thread's own V8 heap: limits, not reservations. 256 KiB of the densest Markdown (a list of
 * one-letter items) needs more than 64 MB of tokens and sanitizer state; 256 MB leaves room.
 */
const RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 };
/** After this many exits of the thread in a row (no render between them), everything renders in place. */
const MAX_FAILURES = 3;

interface Pending {
  body: string;
  resolve: (rendered: Rendered) => void;
  reject: (error: Error) => void;
}

let worker: Worker | undefined;
let failures = 0;
let nextId = 0;
const pending = new Map<number, Pending>();

/**
 * `renderBody` on a thread of its own, shared by the whole process (it is a pure function).
 * Rendering, sanitizing and timing a ~3 KB body costs ~0.6 ms, a fifth of a create's time on the
 * event loop; on the thread it overlaps with other requests' work on another core, and a long
 * body no longer holds up every other request. Should the thread stop, what it had renders in
 * place and the next body starts it again (MAX_FAILURES).
 */
export function renderOffThread(body: string): Promise<Rendered> {
  const offload = body.length >= MIN_OFFLOADED_LENGTH && body.length <= MAX_OFFLOADED_LENGTH && failures < MAX_FAILURES;
  const thread = offload ? (worker ?? start()) : undefined;
  if (thread === undefined) return Promise.resolve(renderBody(body));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { body, resolve, reject });
    thread.postMessage({ id, body });
    // Referenced only while it has work: an idle thread never keeps the process alive.
    if (pending.size === 1) thread.ref();
  });
}

/** Stops the thread (its work in hand renders in place); the next body starts a new one. */
export async function stopRenderThread(): Promise<void> {
  const thread = worker;
  if (thread === undefined) return;
  worker = undefined;
  renderInPlace();
  await thread.terminate();
}

function start(): Worker | undefined {
  let thread: Worker;
  try {
    thread = new Worker(new URL('./render-worker.mjs', import.meta.url), { resourceLimits: RESOURCE_LIMITS });
  } catch {
    failures = MAX_FAILURES;
    return undefined;
  }
  worker = thread;
  thread.unref();
  thread.on('message', ({ id, html, readingTimeMinutes, error }: { id: number; html?: string; readingTimeMinutes?: number; error?: string }) => {
    const job = pending.get(id);
    if (job === undefined) return;
    pending.delete(id);
    if (pending.size === 0) thread.unref();
    if (html !== undefined && readingTimeMinutes !== undefined) {
      failures = 0;
      job.resolve({ body: job.body, html, readingTimeMinutes });
    }
    else job.reject(new Error(error ?? 'the render thread sent no HTML'));
  });
  // 'exit' follows 'error'; an exit after stopRenderThread() is no longer this module's thread.
  thread.on('error', () => undefined);
  thread.on('exit', () => {
    if (worker !== thread) return;
    worker = undefined;
    failures++;
    process.emitWarning(`the Markdown render thread stopped (${String(failures)} of ${String(MAX_FAILURES)} times in a row): its work renders on the event loop`);
    renderInPlace();
  });
  return thread;
}

function renderInPlace(): void {
  for (const [id, job] of pending) {
    pending.delete(id);
    try {
      job.resolve(renderBody(job.body));
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
