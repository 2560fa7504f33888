import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Raw HTML in Markdown is off: authors write Markdown, and the sanitizer below is a second wall,
// not the only one.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'em', 'strong', 's',
    'del', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
    code: ['class'],
  },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  transformTags: {
    // External links from an article must not get access to the opener page.
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }),
  },
};
SANITIZE.allowedAttributes = { ...SANITIZE.allowedAttributes, a: ['href', 'title', 'rel'] };

/** A body, its HTML and its reading time, as an article stores them. */
export interface Rendered {
  body: string;
  html: string;
  readingTimeMinutes: number;
}

/** Renders an article's body (see renderOffThread to do it off the event loop). */
export function renderBody(body: string): Rendered {
  const html = renderMarkdown(body);
  return { body, html, readingTimeMinutes: readingTimeMinutes(html) };
}

export function renderMarkdown(body: string): string {
  return sanitizeHtml(markdown.render(body), SANITIZE);
}

const WORDS_PER_MINUTE = 230;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_ALL = new RegExp(CJK.source, 'gu');
const WORD = /[\p{L}\p{N}]+/gu;
const ASCII = /^[\t\n\r\x20-\x7e]*$/;
const ASCII_WORD = /[A-Za-z0-9]+/g;

/** Minutes to read the body at an adult's average silent reading speed; at least 1. */
export function readingTimeMinutes(html: string): number {
  let text = html.replace(/<[^>]*>/g, ' ');
  // CJK scripts have no spaces between words: count their characters at ~2 per "word". (Checked
  // first: the counting expressions are costly, and most bodies have none.)
  let cjk = 0;
  if (CJK.test(text)) {
    cjk = text.match(CJK_ALL)?.length ?? 0;
    text = text.replace(CJK_ALL, ' ');
  }
  // Plain ASCII (most English copy) counts the same words with a far cheaper pattern.
  const word = ASCII.test(text) ? ASCII_WORD : WORD;
  let words = 0;
  word.lastIndex = 0;
  while (word.exec(text) !== null) words++;
  return Math.max(1, Math.ceil((words + cjk / 2) / WORDS_PER_MINUTE));
}
