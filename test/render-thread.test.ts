import t from 'tap';
import { renderMarkdown } from '../src/lib/markdown.js';
import { renderOffThread } from '../src/lib/render-thread.js';

t.test('the render thread renders what the event loop would, each answer to its own body', async (t) => {
  const bodies = Array.from({ length: 40 }, (_, i) => `## Story ${i}\n\n${`Paragraph ${i} with **bold** and a link https://example.org/${i}. `.repeat(12 + (i % 5))}\n\n<script>alert(${i})</script>`);
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(warning.message);
  process.on('warning', onWarning);
  t.teardown(() => process.off('warning', onWarning));
  // All at once, so that answers arrive while others are still queued on the thread.
  const rendered = await Promise.all(bodies.map((body) => renderOffThread(body)));
  t.same(rendered, bodies.map((body) => renderMarkdown(body)));
  t.ok(rendered.every((html) => !html.includes('<script>')), 'sanitized');
  t.equal(await renderOffThread('Short *body*'), renderMarkdown('Short *body*'), 'a short body (rendered in place) too');
  t.same(warnings, [], 'the thread did not fail over to the event loop');
});
