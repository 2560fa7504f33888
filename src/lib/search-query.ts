import { AppError } from '../http/errors.js';

const MAX_TERMS = 16;

/**
 * Turns what a reader typed into a safe FTS5 query: the words (letters and digits of any script)
 * each quoted as a phrase and AND-ed, so quotes, operators (`AND`, `NEAR(`, `*`, `-`, `:`) and SQL
 * fragments are only ever searched for, never interpreted. The last word also matches as a
 * prefix, for search-as-you-type.
 */
export function toFtsQuery(q: string): string {
  const words = q.normalize('NFKC').match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_TERMS) ?? [];
  if (words.length === 0) {
    throw new AppError('VALIDATION_FAILED', `The search "${q}" has no words to look for.`, {
      errors: [{ path: '/q', message: 'must contain at least one letter or digit', in: 'querystring' }],
    });
  }
  return words.map((word, i) => (i === words.length - 1 && word.length >= 2 ? `"${word}"*` : `"${word}"`)).join(' ');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The snippet FTS5 marked with \u0002 … \u0003, as safe HTML with the matches in `<mark>`. */
export function snippetHtml(raw: string): string {
  return raw
    .replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
    .replaceAll('\u0002', '<mark>')
    .replaceAll('\u0003', '</mark>')
    .replace(/\s+/g, ' ')
    .trim();
}
