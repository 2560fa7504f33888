import { escapeHtml } from '../../lib/html.js';
import type { SubscriptionState } from './schemas.js';

/**
 * The small HTML pages behind the links in e-mails. No scripts (the CSP allows none inline) and
 * inline styles only (which it allows); every dynamic value is escaped.
 */
function page(title: string, paragraphs: string[], extra = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
</head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;line-height:1.5;color:#1a1a1a;max-width:32em;margin:4em auto;padding:0 1em">
<h1 style="font-size:1.5em">${escapeHtml(title)}</h1>
${paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('\n')}
${extra}
</body>
</html>
`;
}

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

export function problemPage(title: string, detail: string): string {
  return page(title, [detail]);
}
