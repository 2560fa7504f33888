import fc from 'fast-check';
import t from 'tap';
import { readingTimeMinutes } from '../src/lib/markdown.js';
import { jaccard, terms } from '../src/lib/text.js';

t.test('terms: lower-cased, accents folded, stopwords and short words dropped, CJK as bigrams', async (t) => {
  t.same([...terms('The Café in São Paulo, and a CAFE')], ['cafe', 'sao', 'paulo']);
  t.same([...terms('東京都 news')], ['東京', '京都', 'news']);
  t.same([...terms('')], []);
  t.equal(jaccard(terms('River flood defences'), terms('Flood defences on the river')), 1);
  t.equal(jaccard(terms('River flood'), terms('Market report')), 0);
});

t.test('terms: plain ASCII text gives the same terms as the Unicode path', async (t) => {
  // A trailing non-ASCII word too short to count sends the same text through the Unicode path.
  const sameBothWays = (text: string): boolean => {
    const fast = [...terms(text)].sort();
    const unicode = [...terms(`${text} é`)].sort();
    return fast.length === unicode.length && fast.every((term, i) => term === unicode[i]);
  };
  const wordy = fc.string({ unit: fc.constantFrom(...' .,;:!?-_\'"()/0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')) });
  fc.assert(fc.property(wordy, sameBothWays), { numRuns: 1000 });
  fc.assert(fc.property(fc.string({ unit: 'grapheme-ascii' }), sameBothWays), { numRuns: 1000 });
  t.pass('1,000 word-like and 1,000 arbitrary printable ASCII strings');
});

t.test('reading time: plain ASCII bodies count the same words as the Unicode path', async (t) => {
  // One more word ("é", non-ASCII) sends the text through the Unicode path; away from a multiple
  // of 230 words, one word more never changes the minutes.
  const word = fc.string({ unit: fc.constantFrom(...'abcxyzABCXYZ0189_-\'.,&;<>/'.split('')), minLength: 1, maxLength: 8 });
  fc.assert(
    fc.property(fc.array(word, { minLength: 1, maxLength: 1500 }), fc.constantFrom(' ', '\n', ' <p> ', '. '), (words, gap) => {
      const html = words.join(gap);
      const counted = (html.replace(/<[^>]*>/g, ' ').match(/[A-Za-z0-9]+/g) ?? []).length;
      return counted % 230 === 0 || readingTimeMinutes(html) === readingTimeMinutes(`${html} é`);
    }),
    { numRuns: 300 },
  );
  t.equal(readingTimeMinutes(Array.from({ length: 460 }, () => 'word').join(' ')), 2);
  t.equal(readingTimeMinutes(`${Array.from({ length: 460 }, () => 'word').join(' ')} café`), 3, 'one word more, through the Unicode path');
});
