import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com, "Signature scheme"): HMAC-SHA256
 * over `{webhook-id}.{webhook-timestamp}.{body}`, keyed with the base64-decoded part of the
 * `whsec_` secret, sent as `v1,<base64>`. Several signatures are separated by spaces, which is how
 * a rotated secret keeps working for a while next to the new one.
 */

const PREFIX = 'whsec_';

/** 32 random bytes: above the spec's minimum of 24 and the size of the HMAC-SHA256 block key. */
export function newSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}

/** The `webhook-signature` header: one `v1,` signature per secret, current secret first. */
export function signatureHeader(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets.map((secret) => sign(secret, id, timestamp, body)).join(' ');
}
