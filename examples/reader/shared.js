// Shared by both pages: small DOM helpers, date formatting and the newsletter sign-up form.
import { postJson } from './api.js';

const LANG = document.documentElement.lang || 'en';
const shortDate = new Intl.DateTimeFormat(LANG, { dateStyle: 'medium' });
const longDate = new Intl.DateTimeFormat(LANG, { dateStyle: 'long', timeStyle: 'short' });

/** document.createElement with attributes and children; strings become text nodes, never HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false && child !== ''));
  return node;
}

export const articleHref = (slug) => `article.html?slug=${encodeURIComponent(slug)}`;
export const tagHref = (slug) => `index.html?tag=${encodeURIComponent(slug)}`;
export const readingTime = (minutes) => `${minutes} min read`;

/** <time datetime="…"> showing the date in the page's language. */
export function timeEl(iso, long = false) {
  return iso ? el('time', { datetime: iso }, (long ? longDate : shortDate).format(new Date(iso))) : null;
}

// The form's markup is a constant (no API data in it), so innerHTML is safe here.
const NEWSLETTER = `
  <h2 id="newsletter-heading">Get the Brief</h2>
  <p>The day's most important stories in your inbox every morning.</p>
  <form id="newsletter" class="newsletter-form" novalidate>
    <label for="newsletter-email">E-mail address</label>
    <p id="newsletter-error" class="field-error"></p>
    <div class="field-row">
      <input id="newsletter-email" name="email" type="email" autocomplete="email" spellcheck="false" required>
      <button type="submit">Sign up</button>
    </div>
    <p id="newsletter-status" class="form-status" role="status" aria-live="polite"></p>
  </form>`;

/** Puts the sign-up form into `container` and makes it POST /subscribers. */
export function mountNewsletter(container) {
  container.innerHTML = NEWSLETTER;
  const form = container.querySelector('form');
  const input = form.elements.email;
  const button = form.querySelector('button');
  const error = form.querySelector('#newsletter-error');
  const status = form.querySelector('#newsletter-status');
  const say = (message, state = '') => {
    status.textContent = message;
    status.dataset.state = state;
  };
  const fieldError = (message) => {
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', error.id);
    input.focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.getAttribute('aria-disabled') === 'true') return; // a request is under way
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
    const email = input.value.trim();
    if (!email) return fieldError('Enter your e-mail address.');
    button.setAttribute('aria-disabled', 'true');
    say('Signing you up…');
    try {
      await postJson('/subscribers', { email, source: 'reader' });
      form.reset();
      say(`Check your inbox: we sent a confirmation link to ${email}.`, 'ok');
    } catch (failure) {
      if (failure.status === 400) {
        say('');
        // errors[].message is the readable part of detail ("body /email must look like …").
        const problem = failure.errors.find((e) => e.path === '/email');
        fieldError(problem ? `The e-mail address ${problem.message}.` : failure.message);
      } else if (failure.status === 429) {
        say(`Too many sign-ups from your network. Please try again in ${failure.retryAfter ?? 60} seconds.`, 'error');
      } else if (failure.status === 0) {
        say(`Sign-up failed: ${failure.message}`, 'error');
      } else {
        say(`Sorry, the sign-up did not work (error ${failure.status}). Please try again later.`, 'error');
      }
    } finally {
      button.removeAttribute('aria-disabled');
    }
  });
}
