import slugify from '@sindresorhus/slugify';

/** Longest slug we make from a title; explicit slugs may be longer (see SLUG_PATTERN's maxLength). */
const GENERATED_MAX = 80;

/**
 * A slug is lower-case letters and digits of any script, joined by single hyphens. Scripts that
 * transliterate (Latin with accents, Cyrillic, Greek, …) become ASCII; others (CJK, Arabic, …) keep
 * their letters, since dropping them would leave nothing of the title.
 */
export const SLUG_PATTERN = '^[\\p{Ll}\\p{Lo}\\p{Lm}\\p{Mn}\\p{Mc}\\p{Nd}]+(?:-[\\p{Ll}\\p{Lo}\\p{Lm}\\p{Mn}\\p{Mc}\\p{Nd}]+)*$';
const SLUG_REGEX = new RegExp(SLUG_PATTERN, 'u');

export function isSlug(value: string): boolean {
  return SLUG_REGEX.test(value);
}

const ASCII_WORD = /^[A-Za-z0-9]+$/;

/** Makes a slug from free text; returns '' when the text has no letters or digits at all. */
export function slugFrom(text: string): string {
  // Word by word, so one CJK word in a Latin title is kept rather than silently dropped.
  const words = text
    .normalize('NFC')
    .split(/[^\p{L}\p{M}\p{N}'’]+/u)
    .map((word) => {
      // Most words of most titles: what slugify would make of them, at a fraction of its cost.
      if (ASCII_WORD.test(word)) return word.toLowerCase();
      const ascii = slugify(word, { decamelize: false });
      return isSlug(ascii) ? ascii : word.toLowerCase().replace(/[^\p{Ll}\p{Lo}\p{Lm}\p{Mn}\p{Mc}\p{Nd}]+/gu, '-');
    })
    .join('-');
  let slug = words.replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (slug.length > GENERATED_MAX) {
    const cut = slug.slice(0, GENERATED_MAX);
    const lastHyphen = cut.lastIndexOf('-');
    slug = lastHyphen > GENERATED_MAX / 2 ? cut.slice(0, lastHyphen) : cut.replace(/-+$/, '');
  }
  return isSlug(slug) ? slug : '';
}

/** Picks `base`, or else the first free one of `base-2`, `base-3`, … (`taken` comes from one indexed query). */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
