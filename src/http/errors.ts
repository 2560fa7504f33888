/**
 * The error catalogue: every problem the API can answer, with its status and title in one place.
 * Services throw `AppError`s; the problem handler renders them as RFC 9457 documents.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, title: 'Invalid request' },
  INVALID_JSON: { status: 400, title: 'Malformed JSON body' },
  INVALID_SCHEDULE: { status: 400, title: 'Invalid schedule' },
  INVALID_LINK: { status: 400, title: 'Invalid related link' },
  URL_NOT_ALLOWED: { status: 400, title: 'Webhook URL not allowed' },
  URL_UNRESOLVABLE: { status: 400, title: 'Webhook URL does not resolve' },
  INVALID_CSV: { status: 400, title: 'Invalid CSV' },
  UNAUTHORIZED: { status: 401, title: 'Authentication required' },
  INVALID_API_KEY: { status: 401, title: 'Invalid API key' },
  FORBIDDEN: { status: 403, title: 'Insufficient role' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  ARTICLE_NOT_FOUND: { status: 404, title: 'Article not found' },
  TAG_NOT_FOUND: { status: 404, title: 'Tag not found' },
  REVISION_NOT_FOUND: { status: 404, title: 'Revision not found' },
  LINK_NOT_FOUND: { status: 404, title: 'Related link not found' },
  API_KEY_NOT_FOUND: { status: 404, title: 'API key not found' },
  WEBHOOK_NOT_FOUND: { status: 404, title: 'Webhook endpoint not found' },
  DELIVERY_NOT_FOUND: { status: 404, title: 'Webhook delivery not found' },
  SUBSCRIBER_NOT_FOUND: { status: 404, title: 'Subscriber not found' },
  TOKEN_NOT_FOUND: { status: 404, title: 'Unknown token' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  NOT_ACCEPTABLE: { status: 406, title: 'Not acceptable' },
  SLUG_TAKEN: { status: 409, title: 'Slug already taken' },
  NAME_TAKEN: { status: 409, title: 'Name already taken' },
  LINK_EXISTS: { status: 409, title: 'Already linked' },
  WEBHOOK_INACTIVE: { status: 409, title: 'Webhook endpoint inactive' },
  DELIVERY_IN_PROGRESS: { status: 409, title: 'Delivery attempt in progress' },
  CONFLICT: { status: 409, title: 'Conflict' },
  TOKEN_EXPIRED: { status: 410, title: 'Token expired' },
  PRECONDITION_FAILED: { status: 412, title: 'Precondition failed' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  INTERNAL: { status: 500, title: 'Internal server error' },
  UNAVAILABLE: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldError {
  /** JSON Pointer (RFC 6901) into the request part named by `in`. */
  path: string;
  message: string;
  in?: 'body' | 'querystring' | 'params' | 'headers';
}

export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;
  readonly title: string;
  readonly headers: Record<string, string>;
  readonly errors: FieldError[] | undefined;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = ERRORS[code].status;
    this.title = ERRORS[code].title;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

/** The problem `type` URI of a code: a tag URI (RFC 4151), stable across deployments. */
export function problemType(code: ErrorCode): string {
  return `tag:newsroom-cms,2026:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}
