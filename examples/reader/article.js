// Article page: article.html?slug=… makes ONE call, GET /articles/{slug}, which includes `related`.
import { getJson } from './api.js';
import { el, articleHref, tagHref, readingTime, timeEl, mountNewsletter } from './shared.js';

const $ = (id) => document.getElementById(id);
const status = $('page-status');

function render(article, requestedSlug) {
  document.title = article.title;
  // An old slug was answered with a 301 to the new one: show the current address.
  if (article.slug !== requestedSlug) history.replaceState(null, '', articleHref(article.slug));

  $('tags').replaceChildren(...article.tags.map((tag) => el('li', {}, el('a', { href: tagHref(tag.slug) }, tag.name))));
  $('headline').textContent = article.title;
  $('deck').textContent = article.summary ?? '';
  $('deck').hidden = !article.summary;
  $('byline').replaceChildren(
    article.author && el('span', { class: 'author' }, `By ${article.author}`),
    timeEl(article.publishedAt, true),
    el('span', {}, readingTime(article.readingTimeMinutes)));
  if (article.coverImageUrl) {
    $('cover').replaceChildren(el('img', { src: article.coverImageUrl, alt: '' })); // the API has no alt text
    $('cover').hidden = false;
  }
  $('body').innerHTML = article.html; // rendered from Markdown and sanitized by the API

  $('related-list').replaceChildren(...article.related.map((item) => el('li', {},
    el('a', { href: articleHref(item.slug) }, item.title),
    item.summary && el('p', { class: 'deck' }, item.summary))));
  $('related').hidden = article.related.length === 0;

  $('story').hidden = false;
  status.textContent = '';
}

function showNotFound() {
  document.title = 'Article not found';
  status.textContent = '';
  $('not-found').hidden = false;
}

mountNewsletter($('newsletter-box'));
const slug = new URLSearchParams(location.search).get('slug');
if (!slug) {
  showNotFound();
} else {
  try {
    render(await getJson(`/articles/${encodeURIComponent(slug)}`), slug);
  } catch (error) {
    if (error.status === 404) showNotFound();
    else status.textContent = `Could not load the article. ${error.message}`;
  }
}
