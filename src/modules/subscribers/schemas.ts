import { Type, type Static } from 'typebox';
import { Nullable, PageQueryProperties, Paged, Timestamp } from '../../http/schemas.js';

export const SubscriberStatus = Type.Enum(['pending', 'active', 'unsubscribed'], {
  description: '`pending` until the address is confirmed, then `active`; `unsubscribed` after opting out',
});
export type SubscriberStatus = Static<typeof SubscriberStatus>;

/** Free text that ends up in e-mails and CSV files: no control characters (no header or line injection). */
const PlainText = (options: { maxLength: number; description: string; examples: string[] }) =>
  Type.String({ ...options, pattern: '^[^\\u0000-\\u001f\\u007f]*$' });

const Name = PlainText({ maxLength: 200, description: 'How the person wants to be addressed', examples: ['Ada Lovelace'] });
const Source = PlainText({ maxLength: 100, description: 'Where the sign-up came from, e.g. a form or campaign', examples: ['article-footer'] });
const Email = Type.String({
  minLength: 3,
  maxLength: 254,
  description: 'An e-mail address; stored trimmed and lower-cased, unique regardless of case',
  examples: ['ada@example.com'],
});

export const Subscriber = Type.Object({
  id: Type.String({ examples: ['sub_01jfz3c8m2q5r7t9v1w3x5y7z9'] }),
  email: Type.String({ examples: ['ada@example.com'] }),
  name: Nullable(Type.String()),
  status: SubscriberStatus,
  source: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  confirmedAt: Nullable(Timestamp),
  unsubscribedAt: Nullable(Timestamp),
});
export type Subscriber = Static<typeof Subscriber>;

const ClientHash = Nullable(
  Type.String({ description: 'HMAC-SHA256 (hex) of the client address under a server-side key: comparable, not reversible' }),
);

export const ConsentRecord = Type.Object(
  {
    signup: Type.Object({
      at: Timestamp,
      source: Nullable(Type.String()),
      ipHash: ClientHash,
      userAgent: Nullable(Type.String()),
      method: Type.Enum(['form', 'import'], { description: '`form`: POST /subscribers; `import`: a CSV import by an admin' }),
    }),
    confirmation: Nullable(
      Type.Object({
        at: Timestamp,
        ipHash: ClientHash,
        userAgent: Nullable(Type.String()),
        method: Type.Enum(['link', 'admin'], { description: '`link`: the person opened the confirmation link; `admin`: made active by an admin (PATCH or CSV import)' }),
      }),
    ),
  },
  { description: 'When and from where the person signed up (the latest sign-up that sent a confirmation) and confirmed' },
);
export type ConsentRecord = Static<typeof ConsentRecord>;

export const SubscriberDetail = Type.Object({ ...Subscriber.properties, consent: ConsentRecord });
export type SubscriberDetail = Static<typeof SubscriberDetail>;

export const SignUpBody = Type.Object(
  { email: Email, name: Type.Optional(Nullable(Name)), source: Type.Optional(Nullable(Source)) },
  { additionalProperties: false, examples: [{ email: 'ada@example.com', name: 'Ada Lovelace', source: 'article-footer' }] },
);
export type SignUpBody = Static<typeof SignUpBody>;

export const SignUpAccepted = Type.Object(
  { status: Type.Enum(['pending']) },
  { description: 'The same answer whatever the address\'s state, so it reveals nothing about who subscribed' },
);

export const Token = Type.String({ minLength: 1, maxLength: 200, description: 'The token from the link in the e-mail', examples: ['q3VYx0tJ9R2wq1mZ4bC8nE5uL7aH6sD0fG2jK4pT1yW'] });

export const TokenQuery = Type.Object({ token: Token }, { additionalProperties: false });
export const TokenBody = Type.Object({ token: Token }, { additionalProperties: false, examples: [{ token: 'q3VYx0tJ9R2wq1mZ4bC8nE5uL7aH6sD0fG2jK4pT1yW' }] });

export const UnsubscribeQuery = Type.Object({ token: Type.Optional(Token) }, { additionalProperties: false });
export const UnsubscribeJsonBody = Type.Object(
  { token: Type.Optional(Token) },
  { additionalProperties: false, examples: [{ token: 'q3VYx0tJ9R2wq1mZ4bC8nE5uL7aH6sD0fG2jK4pT1yW' }] },
);
/** RFC 8058 §3.2: what a mail client posts for a one-click unsubscribe. */
export const OneClickForm = Type.Object(
  { 'List-Unsubscribe': Type.Optional(Type.Enum(['One-Click'])), token: Type.Optional(Token) },
  { additionalProperties: false, examples: [{ 'List-Unsubscribe': 'One-Click' }] },
);

export const SubscriptionState = Type.Object({ status: SubscriberStatus }, { examples: [{ status: 'active' }] });
export type SubscriptionState = Static<typeof SubscriptionState>;

const FilterProperties = {
  status: Type.Optional(SubscriberStatus),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Part of the e-mail address or name, case-insensitively' })),
};

export const SubscriberListQuery = Type.Object({ ...PageQueryProperties, ...FilterProperties }, { additionalProperties: false });
export type SubscriberListQuery = Static<typeof SubscriberListQuery>;

export const SubscriberExportQuery = Type.Object(FilterProperties, { additionalProperties: false });
export type SubscriberFilter = Static<typeof SubscriberExportQuery>;

export const SubscriberList = Paged(Subscriber);

export const SubscriberParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export const UpdateSubscriberBody = Type.Object(
  {
    name: Type.Optional(Nullable(Name)),
    status: Type.Optional(
      Type.Enum(['active', 'unsubscribed'], {
        description: 'An admin may activate or unsubscribe an address; only the person can make it `pending` again, by signing up',
      }),
    ),
  },
  { additionalProperties: false, examples: [{ name: 'Ada King' }, { status: 'unsubscribed' }] },
);
export type UpdateSubscriberBody = Static<typeof UpdateSubscriberBody>;

export const ImportResult = Type.Object(
  {
    imported: Type.Integer({ minimum: 0, description: 'Rows stored as new subscribers' }),
    skipped: Type.Integer({ minimum: 0, description: 'Rows whose address already exists (in the database or earlier in the file)' }),
    invalid: Type.Integer({ minimum: 0, description: 'Rows refused, each explained in `errors`' }),
    errors: Type.Array(Type.Object({ line: Type.Integer({ minimum: 1 }), message: Type.String() }), {
      description: 'The first 100 refused rows, by line number in the file',
    }),
  },
  { examples: [{ imported: 2, skipped: 1, invalid: 1, errors: [{ line: 4, message: 'email is not an address: must look like name@example.com' }] }] },
);
export type ImportResult = Static<typeof ImportResult>;
