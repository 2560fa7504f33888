import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

/** A one-click unsubscribe form is one or two short fields: anything near this size is not one. */
export const FORM_DATA_LIMIT = 16 * 1024;

const malformed = (detail: string): AppError =>
  new AppError('VALIDATION_FAILED', `The multipart/form-data body is malformed: ${detail}`, { errors: [{ path: '/', message: detail, in: 'body' }] });

/**
 * Parses a small `multipart/form-data` body (RFC 7578) of text fields into `{ name: value }`, for
 * the one route that takes it (RFC 8058 one-click unsubscribe). Strict, and whole in memory
 * under FORM_DATA_LIMIT (a 413 past it): no files, no repeated names. Every mistake is a 400
 * that says what is wrong. (@fastify/multipart streams without a body limit, and answers some
 * malformed bodies with a 500.)
 */
export function parseFormData(body: string, contentType: string): Record<string, string> {
  const boundary = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  const delimiter = `--${boundary?.[1] ?? boundary?.[2] ?? ''}`;
  if (delimiter === '--') throw malformed('the Content-Type has no boundary (1 to 70 characters).');
  const start = body.indexOf(delimiter);
  const end = body.indexOf(`\r\n${delimiter}--`);
  if (start === -1 || end === -1 || end < start) throw malformed('it does not open and close with the boundary.');
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of body.slice(start + delimiter.length, end).split(`\r\n${delimiter}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (!part.startsWith('\r\n') || split === -1) throw malformed('a part has no headers.');
    const headers = part.slice(2, split).split('\r\n');
    const disposition = headers.find((line) => /^content-disposition:/i.test(line)) ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (!/^content-disposition:\s*form-data\s*;/i.test(disposition) || name === undefined) throw malformed('a part is not a named form-data field.');
    if (/;\s*filename\*?=/i.test(disposition)) throw malformed(`files are not accepted (part "${name}").`);
    if (name in fields) throw malformed(`the field "${name}" is repeated.`);
    fields[name] = part.slice(split + 4);
  }
  return { ...fields };
}

/** Accepts `multipart/form-data` bodies in this scope (see parseFormData). */
export function acceptFormData(scope: FastifyInstance): void {
  scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: FORM_DATA_LIMIT }, (request, body, done) => {
    try {
      done(null, parseFormData(body as string, request.headers['content-type'] ?? ''));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
