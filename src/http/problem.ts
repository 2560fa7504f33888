import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, ERRORS, problemType, type ErrorCode, type FieldError } from './errors.js';
import { prefersHtml, problemPage, servesPages } from './pages.js';
import type { Problem } from './schemas.js';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Fastify's own client errors, mapped to our catalogue. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_BAD_URL: 'VALIDATION_FAILED',
  FST_ERR_ASYNC_CONSTRAINT: 'VALIDATION_FAILED',
};

function fieldErrors(validation: AjvError[], part: FieldError['in']): FieldError[] {
  return validation.map((error) => {
    let path = error.instancePath;
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required' && typeof error.params['missingProperty'] === 'string') {
      path += `/${error.params['missingProperty']}`;
      message = 'is required';
    } else if (error.keyword === 'additionalProperties' && typeof error.params['additionalProperty'] === 'string') {
      path += `/${error.params['additionalProperty']}`;
      message = 'is not a known property';
    } else if (error.keyword === 'enum' && Array.isArray(error.params['allowedValues'])) {
      message = `must be one of: ${error.params['allowedValues'].map(String).join(', ')}`;
    }
    return part === undefined ? { path: path || '/', message } : { path: path || '/', message, in: part };
  });
}

/** Drops the noise of union branches: when a value fails `anyOf`, Ajv reports every branch. */
function significant(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.in ?? ''}${error.path}${error.message}`;
    if (seen.has(key) || error.message === 'must match a schema in anyOf') return false;
    seen.add(key);
    return true;
  });
}

export function toProblem(error: FastifyError | AppError | Error, request: FastifyRequest): { problem: Problem; headers: Record<string, string> } {
  if (error instanceof AppError) {
    const problem: Problem = {
      type: problemType(error.code),
      title: error.title,
      status: error.status,
      detail: error.detail,
      code: error.code,
      requestId: request.id,
    };
    if (error.errors !== undefined) problem.errors = error.errors;
    return { problem, headers: error.headers };
  }
  const fastifyError = error as FastifyError & { validation?: AjvError[]; validationContext?: FieldError['in'] };
  if (Array.isArray(fastifyError.validation)) {
    const part = fastifyError.validationContext;
    const errors = significant(fieldErrors(fastifyError.validation, part));
    // Readable on its own ("email: must look like …", "query parameter limit: must be <= 100");
    // `errors[]` has the exact JSON pointers for programs.
    const label = (path: string): string => {
      const name = path.replace(/^\//, '');
      if (part === 'querystring') return name === '' ? 'the query' : `query parameter ${name}`;
      if (part === 'params') return name === '' ? 'the path' : `path parameter ${name}`;
      if (part === 'headers') return name === '' ? 'the headers' : `header ${name}`;
      return name === '' ? 'the body' : name;
    };
    const detail = errors.map((e) => `${label(e.path)}: ${e.message}`).join('; ');
    return {
      problem: { type: problemType('VALIDATION_FAILED'), title: ERRORS.VALIDATION_FAILED.title, status: 400, detail, code: 'VALIDATION_FAILED', requestId: request.id, errors },
      headers: {},
    };
  }
  const mapped = fastifyError.code === undefined ? undefined : FASTIFY_CODES[fastifyError.code];
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (mapped !== undefined || (status >= 400 && status < 500)) {
    const code: ErrorCode = mapped ?? (status === 429 ? 'RATE_LIMITED' : status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED');
    const finalStatus = mapped === undefined ? status : ERRORS[mapped].status;
    let detail = fastifyError.message;
    const contentType = request.headers['content-type'] ?? '';
    if (code === 'PAYLOAD_TOO_LARGE') detail = `The request body is larger than the ${/^multipart\/form-data/i.test(contentType) ? '16 KiB limit of a form' : '2 MiB limit'}.`;
    if (code === 'UNSUPPORTED_MEDIA_TYPE') {
      // The media types the route's schema names (JSON unless it says otherwise).
      const body = request.routeOptions.schema?.body as { content?: Record<string, unknown> } | undefined;
      const accepted = Object.keys(body?.content ?? {});
      detail = `Content-Type ${JSON.stringify(contentType)} is not supported; send ${accepted.length > 0 ? accepted.join(', or ') : 'application/json'}.`;
    }
    if (code === 'INVALID_JSON') detail = `The body is not valid JSON: ${fastifyError.message}`;
    return {
      problem: {
        type: problemType(code),
        title: mapped === undefined ? (STATUS_CODES[finalStatus] ?? ERRORS[code].title) : ERRORS[code].title,
        status: finalStatus,
        detail,
        code,
        requestId: request.id,
      },
      headers: {},
    };
  }
  const code: ErrorCode = status === 503 ? 'UNAVAILABLE' : 'INTERNAL';
  return {
    problem: {
      type: problemType(code),
      title: ERRORS[code].title,
      status: status >= 500 && status < 600 ? status : 500,
      // 5xx internals stay in the log; the client gets the request id to quote.
      detail: code === 'UNAVAILABLE' ? 'The service is temporarily unavailable; retry shortly.' : 'An unexpected error occurred; it has been logged.',
      code,
      requestId: request.id,
    },
    headers: {},
  };
}

/**
 * Sets a problem's status, headers and media type on `reply` and returns its body: problem+json,
 * or a page for a client that prefers HTML on a route serving people (`config.pages`), whose
 * answers then depend on Accept and are kept by no cache.
 */
export function problemReply(reply: FastifyReply, problem: Problem, headers: Record<string, string>): string {
  reply.code(problem.status).headers(headers);
  if (servesPages(reply.request)) {
    reply.header('cache-control', 'no-store');
    if (prefersHtml(reply.request)) {
      reply.type('text/html; charset=utf-8');
      return problemPage(problem);
    }
  }
  reply.type('application/problem+json');
  return JSON.stringify(problem);
}

export function sendProblem(reply: FastifyReply, problem: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.send(problemReply(reply, problem, headers));
}

/**
 * For Fastify's `frameworkErrors` option: errors raised before any route is found (a path that is
 * not valid percent-encoding, a path parameter over `maxParamLength`), which otherwise get
 * Fastify's own JSON body instead of a problem document.
 */
export function sendFrameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { problem, headers } = toProblem(error, request);
  request.log.info({ code: problem.code, detail: problem.detail }, 'client error');
  void sendProblem(reply, problem, headers);
}

/** One error handler and one not-found handler render every error as RFC 9457 problem+json. */
export const problemPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      const { problem, headers } = toProblem(error, request);
      // Shedding load (503) is the server working as designed: a warning, not an error with a stack.
      if (problem.code === 'UNAVAILABLE') request.log.warn({ code: problem.code, detail: problem.detail }, 'request refused');
      else if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: problem.code, detail: problem.detail }, 'client error');
      return sendProblem(reply, problem, headers);
    });
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? request.url;
      return sendProblem(reply, {
        type: problemType('ROUTE_NOT_FOUND'),
        title: ERRORS.ROUTE_NOT_FOUND.title,
        status: 404,
        detail: `There is no ${request.method} ${path}; see /docs for the API.`,
        code: 'ROUTE_NOT_FOUND',
        requestId: request.id,
      });
    });
  },
  { name: 'problem' },
);
