const STOPWORDS = new Set(
  (
    'the and for are but not you all any can had her was one our out day get has him his how man new now old see two way who boy did its let put say she too use ' +
    'that with have this will your from they know want been good much some time very when come here just like long make many more only over such take than them ' +
    'well were what into about after again also could every first other their there these thing think those three under where which while would says said ' +
    'amid against before being between during most should then through until upon'
  ).split(' '),
);

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * The distinctive terms of a text, for similarity: lower-cased, accents folded, stopwords and
 * words under three letters dropped. Runs of CJK characters (written without spaces) count as
 * their character bigrams.
 */
export function terms(text: string): Set<string> {
  const result = new Set<string>();
  // Plain ASCII (most English copy) has no accents to fold and no CJK: the same words, several times faster.
  if (PRINTABLE_ASCII.test(text)) {
    for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) if (word.length >= 3 && !STOPWORDS.has(word)) result.add(word);
    return result;
  }
  for (const word of text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word === '') continue;
    if (CJK.test(word)) {
      const chars = Array.from(word); // code points: CJK characters are single code points
      if (chars.length === 1) result.add(word);
      for (let i = 0; i + 1 < chars.length; i++) result.add(`${chars[i] ?? ''}${chars[i + 1] ?? ''}`);
    } else if (word.length >= 3 && !STOPWORDS.has(word)) {
      result.add(word);
    }
  }
  return result;
}

/** |A ∩ B| / |A ∪ B|, 0 for two empty sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}
