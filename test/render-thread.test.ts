import t, { type Test } from 'tap';
import { renderBody } from '../src/lib/markdown.js';
import { renderOffThread, stopRenderThread } from '../src/lib/render-thread.js';

/** The process warnings emitted during the test (the render thread warns when it stops unasked). */
function warningsDuring(t: Test): string[] {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  process.on('warning', onWarning);
  t.teardown(() => process.off('warning', onWarning));
  return warnings;
}

const bodiesOf = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => `## ${tag} ${i}\n\n${`Paragraph ${i} with **bold** and a link https://example.org/${i}. `.repeat(12 + (i % 5))}`);

t.test('the render thread renders what the event loop would, each answer to its own body', async (t) => {
  const bodies = Array.from({ length: 40 }, (_, i) => `## Story ${i}\n\n${`Paragraph ${i} with **bold** and a link https://example.org/${i}. `.repeat(12 + (i % 5))}\n\n<script>alert(${i})</script>`);
  const warnings = warningsDuring(t);
  // All at once, so that answers arrive while others are still queued on the thread.
  const rendered = await Promise.all(bodies.map((body) => renderOffThread(body)));
  t.same(rendered, bodies.map((body) => renderBody(body)));
  t.ok(rendered.every(({ html }) => !html.includes('<script>')), 'sanitized');
  t.same(await renderOffThread('Short *body*'), renderBody('Short *body*'), 'a short body (rendered in place) too');
  t.same(warnings, [], 'the thread did not fail over to the event loop');
});

t.test('work in hand when the thread stops renders in place; the next body starts a new thread', async (t) => {
  const warnings = warningsDuring(t);
  const first = bodiesOf(30, 'Before');
  const inFlight = first.map((body) => renderOffThread(body));
  await stopRenderThread();
  t.same(await Promise.all(inFlight), first.map((body) => renderBody(body)), 'nothing lost, nothing mixed up');
  const second = bodiesOf(10, 'After');
  t.same(await Promise.all(second.map((body) => renderOffThread(body))), second.map((body) => renderBody(body)));
  t.same(warnings, [], 'a stop asked for is not a failure');
});

t.test('the densest body the thread takes (256 KiB of one-letter list items) renders there, within its heap', async (t) => {
  const warnings = warningsDuring(t);
  const body = '- a\n'.repeat(64 * 1024);
  const rendered = await renderOffThread(body);
  t.equal(rendered.html.match(/<li>/g)?.length, 64 * 1024, 'every item');
  t.same(warnings, [], 'the thread did not run out of memory');
});
