import { AppError } from '../http/errors.js';

const MAX_TERMS = 16;

export interface SearchTerm {
  /** The word case- and accent-folded, as the index compares it. */
  folded: string;
  /** Matches any word starting with it (the reader ended the word with `*`). */
  prefix: boolean;
}

export interface ParsedSearch {
  /** A safe FTS5 query: the phrases AND-ed. */
  fts: string;
  /** Each word as a quoted FTS5 phrase (`"harb"*` for a prefix), in order. */
  phrases: string[];
  terms: SearchTerm[];
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Lower case without accents, as the index's `unicode61 remove_diacritics 2` tokenizer sees words. */
const ASCII = /^[\p{ASCII}]*$/u;
export const fold = (word: string): string => (ASCII.test(word) ? word.toLowerCase() : word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());

/**
 * Turns what a reader typed into a safe FTS5 query: the words (letters and digits of any script)
 * each quoted as a phrase and AND-ed, so quotes, operators (`AND`, `NEAR(`, `-`, `:`) and SQL
 * fragments are only ever searched for, never interpreted. A `*` right after the last word makes
 * it a prefix (`harb*`), for search as you type. Only on request: a prefix expands to every word
 * it starts, which at 100,000 articles costs several times a whole-word search.
 */
export function parseSearch(q: string): ParsedSearch {
  const normalized = q.normalize('NFKC');
  const found = [...normalized.matchAll(WORD)].slice(0, MAX_TERMS);
  const last = found.at(-1);
  if (last === undefined) {
    throw new AppError('VALIDATION_FAILED', `The search "${q}" has no words to look for.`, {
      errors: [{ path: '/q', message: 'must contain at least one letter or digit', in: 'querystring' }],
    });
  }
  const lastIsPrefix = last[0].length >= 2 && normalized[last.index + last[0].length] === '*';
  const words = found.map((match, i) => ({ word: match[0], prefix: lastIsPrefix && i === found.length - 1 }));
  const phrases = words.map(({ word, prefix }) => `"${word}"${prefix ? '*' : ''}`);
  return {
    fts: phrases.join(' '),
    phrases,
    terms: words.map(({ word, prefix }) => ({ folded: fold(word), prefix })),
  };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/**
 * Markdown reduced to its words: link and image targets, emphasis and heading marks dropped.
 * Every pattern is bounded, so an unclosed `[`, `![` or `<` costs a bounded look-ahead, not a scan
 * to the end of the text from each one (quadratic: seconds on a crafted 40 KB body).
 */
const plainText = (markdown: string): string =>
  markdown
    .replace(/!\[[^\]\n]{0,200}\]\([^)\s]{0,500}\)/g, ' ')
    .replace(/\[([^\]\n]{0,200})\]\([^)\s]{0,500}\)/g, '$1')
    .replace(/<[^>\n]{0,200}>/g, ' ')
    .replace(/[#>*_`~|]+/g, ' ');

/** Snippets look at the start of long texts only: a window is found in the first 20,000 characters. */
const SNIPPET_SCAN = 20_000;

/**
 * A short excerpt around the matches, as safe HTML with the matching words in `<mark>`: the
 * `size`-word window of the first text (in the order given) that holds the most different search
 * terms; without any match (an article found by a tag name), the first words of the first text.
 * Built here from the page's few articles rather than by FTS5's snippet(), which re-runs the whole
 * match for each row.
 */
export function snippetOf(texts: readonly (string | null)[], terms: readonly SearchTerm[], size = 16): string {
  const matching = (word: string): number => {
    const folded = fold(word);
    return terms.findIndex((term) => (term.prefix ? folded.startsWith(term.folded) : folded === term.folded));
  };
  let fallback: { text: string; words: RegExpExecArray[] } | undefined;
  for (const raw of texts) {
    if (raw === null || raw.trim() === '') continue;
    const text = plainText(raw.length > SNIPPET_SCAN ? raw.slice(0, SNIPPET_SCAN) : raw);
    const words = [...text.matchAll(WORD)];
    fallback ??= { text, words };
    const hits = words.map((word) => matching(word[0]));
    // The window start with the most different terms; the first that has them all wins at once.
    let best = -1;
    let bestCount = 0;
    for (let i = 0; i < hits.length && bestCount < terms.length; i++) {
      if (hits[i] === -1) continue;
      const seen = new Set<number>();
      for (let j = i; j < Math.min(hits.length, i + size); j++) if (hits[j] !== -1) seen.add(hits[j] ?? -1);
      if (seen.size > bestCount) [best, bestCount] = [i, seen.size];
    }
    if (best !== -1) return excerpt(text, words, Math.max(0, Math.min(best - 3, words.length - size)), size, matching);
  }
  return fallback === undefined ? '' : excerpt(fallback.text, fallback.words, 0, size, matching);
}

function excerpt(text: string, words: RegExpExecArray[], start: number, size: number, matching: (word: string) => number): string {
  const end = Math.min(words.length, start + size);
  let html = start > 0 ? '…' : '';
  let at = words[start]?.index ?? 0;
  for (let i = start; i < end; i++) {
    const word = words[i];
    if (word === undefined) break;
    html += escapeHtml(text.slice(at, word.index));
    html += matching(word[0]) === -1 ? escapeHtml(word[0]) : `<mark>${escapeHtml(word[0])}</mark>`;
    at = word.index + word[0].length;
  }
  if (end < words.length) html += '…';
  return html.replace(/\s+/g, ' ').trim();
}
