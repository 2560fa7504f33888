import { escapeHtml } from '../../lib/html.js';
import { page } from '../../http/pages.js';
import type { SubscriptionState } from './schemas.js';

// The pages behind the links in e-mails (see http/pages.ts for the frame).

export function confirmedPage(state: SubscriptionState): string {
  if (state.status === 'active') return page('Subscription confirmed', ['Thank you: your subscription is confirmed. A welcome e-mail is on its way.']);
  return page('Link already used', ['This confirmation link has already been used, and you have unsubscribed since. Sign up again to subscribe.']);
}

export function unsubscribePromptPage(token: string, state: SubscriptionState): string {
  if (state.status === 'unsubscribed') return page('You are unsubscribed', ['This address receives no newsletter from us.']);
  // A GET must not unsubscribe (link scanners open every link): the button POSTs, as RFC 8058 clients do.
  // The relative action keeps the form on this origin, which the CSP's form-action 'self' requires.
  const form = `<form method="post" action="unsubscribe?token=${escapeHtml(encodeURIComponent(token))}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit" style="font-size:1em;padding:.6em 1.2em">Unsubscribe</button>
</form>`;
  return page('Unsubscribe from the newsletter?', ['Press the button to stop receiving the newsletter at this address.'], form);
}

export function unsubscribedPage(): string {
  return page('You are unsubscribed', ['You will receive no more newsletters at this address. Changed your mind? Sign up again at any time.']);
}
