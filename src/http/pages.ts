import { Type, type TSchema } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../lib/html.js';
import type { Problem } from './schemas.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route serves people as well as programs (the links in e-mails): a client that prefers
     * HTML gets small pages, its errors included, where everyone else gets JSON and problem+json.
     */
    pages?: boolean;
  }
}

/**
 * A small HTML page. No scripts (the CSP allows none inline) and inline styles only (which it
 * allows); every dynamic value is escaped.
 */
export function page(title: string, paragraphs: string[], extra = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
</head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;line-height:1.5;color:#1a1a1a;max-width:32em;margin:4em auto;padding:0 1em">
<h1 style="font-size:1.5em">${escapeHtml(title)}</h1>
${paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n')}
${extra}
</body>
</html>
`;
}

/** A page as the answer. It may name the request: no cache keeps it. */
export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
}

/** The quality (RFC 9110 §12.5.1) the Accept header gives `type`, by its most specific matching range. */
function quality(accept: string, type: string): number {
  let best = 0;
  let specificity = -1;
  const major = `${type.split('/')[0] ?? ''}/*`;
  for (const range of accept.toLowerCase().split(',')) {
    const [mediaRange = '', ...params] = range.split(';').map((part) => part.trim());
    const rank = mediaRange === type ? 2 : mediaRange === major ? 1 : mediaRange === '*/*' ? 0 : -1;
    if (rank <= specificity) continue;
    const q = params.find((param) => param.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    if (Number.isNaN(value)) continue;
    specificity = rank;
    best = value;
  }
  return best;
}

/**
 * True when the client would rather read HTML than JSON. Browsers say so in every request; API
 * clients that state no preference (no Accept, or `*\/*`) get JSON and problem documents.
 */
export function prefersHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  if (accept === undefined) return false;
  return quality(accept, 'text/html') > quality(accept, 'application/json');
}

/** Whether the route's answers depend on Accept (`config.pages`). */
export function servesPages(request: FastifyRequest): boolean {
  // No route options for errors raised before routing (see sendFrameworkProblem).
  const config = request.routeOptions.config as { pages?: boolean } | undefined;
  return config?.pages === true;
}

/** An error as a page: what went wrong, and the request id to quote. */
export function errorPage(title: string, detail: string, requestId: string | undefined): string {
  return page(title, requestId === undefined ? [detail] : [detail, `Reference: ${requestId}`]);
}

export const problemPage = (problem: Problem): string => errorPage(problem.title, problem.detail, problem.requestId);

/** Problem responses of a `config.pages` route, for the OpenAPI document: problem+json, or a page for browsers. */
export function orPages(responses: Record<number, TSchema>): Record<number, TSchema> {
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      const { content } = response as { content?: Record<string, unknown> };
      return [status, { ...response, content: { ...content, 'text/html': { schema: Type.String({ description: 'The problem as a small page, for browsers' }) } } }];
    }),
  );
}
