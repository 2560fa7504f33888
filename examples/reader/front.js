// Front page: GET /tags for the topic filter, GET /articles for the list (by topic, by search, paged).
import { getJson } from './api.js';
import { el, articleHref, tagHref, readingTime, timeEl, mountNewsletter } from './shared.js';

const PAGE_SIZE = 20;
const list = document.getElementById('articles');
const heading = document.getElementById('list-heading');
const status = document.getElementById('list-status');
const more = document.getElementById('load-more');
const tagFilter = document.getElementById('tag-filter');
const search = document.getElementById('search');
let view = { tag: '', q: '', page: 0 };
let controller = null;

function card(item) {
  const meta = el('p', { class: 'meta' }, item.author && `${item.author} · `, timeEl(item.publishedAt), ` · ${readingTime(item.readingTimeMinutes)}`);
  const article = el('article', { class: 'card' },
    el('h3', {}, el('a', { href: articleHref(item.slug) }, item.title)),
    item.summary && el('p', { class: 'deck' }, item.summary),
    meta);
  if (item.snippet) {
    // The snippet is plain text, HTML-escaped by the API, with the matching words in <mark>.
    const snippet = el('p', { class: 'snippet' });
    snippet.innerHTML = item.snippet;
    const text = snippet.textContent.replace(/^…|…$/g, '');
    if (!item.title.includes(text) && !item.summary?.includes(text)) meta.before(snippet); // else it says nothing new
  }
  return article;
}

async function loadNextPage() {
  controller?.abort();
  const { signal } = (controller = new AbortController());
  const page = view.page + 1;
  more.hidden = true;
  status.textContent = 'Loading articles…';
  try {
    const { data, meta } = await getJson('/articles', { limit: PAGE_SIZE, page, tag: view.tag, q: view.q }, signal);
    if (signal.aborted) return;
    const cards = data.map(card);
    list.append(...cards);
    view.page = page;
    if (view.tag && page === 1) {
      const tag = data.flatMap((item) => item.tags).find((t) => t.slug === view.tag);
      heading.textContent = tag?.name ?? view.tag;
    }
    status.textContent = meta.total === 0
      ? (view.q ? `No articles match “${view.q}”.` : 'No articles here yet.')
      : `Showing ${list.children.length} of ${meta.total} ${meta.total === 1 ? 'article' : 'articles'}.`;
    more.textContent = 'Load more';
    more.hidden = page >= meta.pages;
    if (page > 1) cards[0]?.querySelector('a').focus(); // keyboard users continue where the new items start
  } catch (error) {
    if (error.name === 'AbortError') return;
    status.textContent = error.status === 400 ? error.message : `Could not load the articles. ${error.message}`;
    more.textContent = page === 1 ? 'Try again' : 'Load more';
    more.hidden = error.status === 400;
  }
}

function show({ tag = '', q = '' }) {
  view = { tag, q, page: 0 };
  search.elements.q.value = q;
  const pill = tagFilter.querySelector(`a[data-tag="${CSS.escape(tag)}"]`);
  heading.textContent = q ? `Results for “${q}”` : tag ? pill?.textContent ?? 'Topic' : 'Latest news';
  list.dataset.view = q ? 'search' : tag ? 'topic' : 'latest';
  list.replaceChildren();
  markCurrentTag();
  return loadNextPage();
}

function markCurrentTag() {
  for (const link of tagFilter.querySelectorAll('a')) {
    if (link.dataset.tag === view.tag && !view.q) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function navigate(next) {
  const url = new URL(location.href);
  url.search = new URLSearchParams(Object.entries(next).filter(([, value]) => value)).toString();
  history.pushState(null, '', url);
  show(next);
}

const fromUrl = () => {
  const params = new URLSearchParams(location.search);
  return { tag: params.get('tag') ?? '', q: params.get('q')?.trim() ?? '' };
};

async function loadTags() {
  try {
    const { data } = await getJson('/tags', { sort: '-articleCount', limit: 15 });
    const tags = [{ slug: '', name: 'All' }, ...data.filter((tag) => tag.articleCount > 0)];
    tagFilter.querySelector('ul').replaceChildren(...tags.map((tag) =>
      el('li', {}, el('a', { href: tag.slug ? tagHref(tag.slug) : 'index.html', 'data-tag': tag.slug }, tag.name))));
    markCurrentTag();
  } catch {
    tagFilter.hidden = true; // the list works without the filter
  }
}

tagFilter.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-tag]');
  if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate({ tag: link.dataset.tag });
});
search.addEventListener('submit', (event) => {
  event.preventDefault();
  navigate({ q: search.elements.q.value.trim() });
});
more.addEventListener('click', loadNextPage);
addEventListener('popstate', () => show(fromUrl()));

mountNewsletter(document.getElementById('newsletter-box'));
loadTags(); // in parallel with the first page of articles
show(fromUrl());
