import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * ULID-style ids (48-bit millisecond time + 80 random bits, Crockford base32, lower case) behind a
 * resource prefix: `art_01jf…`. The underscore never occurs in a slug, so `{idOrSlug}` is never
 * ambiguous, and ids sort by creation time.
 */
export function newId(prefix: IdPrefix): string {
  let time = Date.now();
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = (CROCKFORD[time % 32] ?? '0') + timePart;
    time = Math.floor(time / 32);
  }
  const random = randomBytes(16);
  let randomPart = '';
  for (let i = 0; i < 16; i++) randomPart += CROCKFORD[(random[i] ?? 0) % 32] ?? '0';
  return `${prefix}_${timePart}${randomPart}`;
}

export type IdPrefix = 'art' | 'tag' | 'key' | 'evt' | 'whk' | 'msg' | 'sub' | 'mail';

/** True when the value has the shape of one of our ids (as opposed to a slug). */
export function looksLikeId(value: string, prefix: IdPrefix): boolean {
  return value.length === prefix.length + 27 && value.startsWith(`${prefix}_`);
}
