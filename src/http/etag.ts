import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

/** A strong ETag over the exact bytes sent, so it changes whenever the representation does. */
export function etagOf(json: string): string {
  return `"${createHash('sha1').update(json).digest('base64url')}"`;
}

const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');

/** RFC 9110 §13.1.2: If-None-Match uses the weak comparison; `*` matches any current representation. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return true;
  // The usual case, a client sending back the one ETag it got: no parsing.
  if (header === etag) return false;
  if (header.trim() === '*') return false;
  const current = opaque(etag);
  return !header.split(',').some((tag) => opaque(tag) === current);
}

/** RFC 9110 §13.1.1: If-Match uses the strong comparison, so a weak validator never matches. */
export function ifMatchFails(header: string | undefined, etag: string): boolean {
  if (header === undefined || header.trim() === '*') return false;
  return !header.split(',').some((tag) => tag.trim() === etag);
}

/** Throws 412 when `If-Match` names another representation than `currentJson`. */
export function assertIfMatch(header: string | undefined, currentJson: string): void {
  if (ifMatchFails(header, etagOf(currentJson))) {
    throw new AppError('PRECONDITION_FAILED', 'The resource has changed since you read it (If-Match does not match its ETag); fetch it again and retry.');
  }
}

/** A precondition for a service write: the representation the client read must still be current. */
export function ifMatchPrecondition(header: string | undefined): ((current: unknown) => void) | undefined {
  if (header === undefined) return undefined;
  return (current) => {
    assertIfMatch(header, JSON.stringify(current));
  };
}

/** Sends a text body (JSON, XML) with a strong ETag, or 304 when the client already has it. */
export function sendWithEtag(request: FastifyRequest, reply: FastifyReply, body: string, contentType: string, status = 200): FastifyReply {
  const etag = etagOf(body);
  reply.header('etag', etag);
  if (status === 200 && !noneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.code(status).type(contentType).send(body);
}

export function sendJsonWithEtag(request: FastifyRequest, reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return sendWithEtag(request, reply, JSON.stringify(body), 'application/json; charset=utf-8', status);
}
