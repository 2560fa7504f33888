import { escapeHtml } from '../lib/html.js';
import type { MailMessage } from './message.js';

export interface MailContext {
  to: string;
  name: string | null;
  /** How the newsletter is named in mails, e.g. the public site's host. */
  newsletter: string;
  /** The one-click unsubscribe link of this very mail. */
  unsubscribeUrl: string;
}

/**
 * RFC 2369 List-Unsubscribe with only an https link, and RFC 8058 List-Unsubscribe-Post so mail
 * clients can unsubscribe with one POST (and large mailbox providers require both for bulk senders).
 */
function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    // RFC 3834: no vacation auto-replies to a machine-sent message.
    'Auto-Submitted': 'auto-generated',
  };
}

const greeting = (name: string | null): string => (name === null ? 'Hello,' : `Hello ${name},`);

function htmlDocument(title: string, paragraphs: string[]): string {
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;line-height:1.5;color:#1a1a1a;max-width:36em;margin:0 auto;padding:1em">',
    ...paragraphs.map((p) => `<p>${p}</p>`),
    '</body></html>',
  ].join('\n');
}

const link = (href: string, label: string): string => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;

export function confirmationMail(context: MailContext & { confirmUrl: string }): MailMessage {
  const subject = `Confirm your subscription to ${context.newsletter}`;
  const text = [
    greeting(context.name),
    '',
    `please confirm that you want to receive the ${context.newsletter} newsletter at ${context.to}. Open this link within 48 hours:`,
    '',
    context.confirmUrl,
    '',
    'If you did not ask for this, ignore this message: nothing will be sent to you without your confirmation.',
    '',
    `Unsubscribe: ${context.unsubscribeUrl}`,
    '',
  ].join('\n');
  const html = htmlDocument(subject, [
    escapeHtml(greeting(context.name)),
    `please confirm that you want to receive the ${escapeHtml(context.newsletter)} newsletter at ${escapeHtml(context.to)}.`,
    `<a href="${escapeHtml(context.confirmUrl)}" style="display:inline-block;padding:.6em 1.2em;background:#0b57d0;color:#fff;border-radius:4px;text-decoration:none">Confirm my subscription</a>`,
    `The link works for 48 hours. If the button does not work, copy this address into your browser:<br>${escapeHtml(context.confirmUrl)}`,
    'If you did not ask for this, ignore this message: nothing will be sent to you without your confirmation.',
    `<small>${link(context.unsubscribeUrl, 'Unsubscribe')}</small>`,
  ]);
  return { kind: 'confirmation', to: context.to, subject, text, html, headers: unsubscribeHeaders(context.unsubscribeUrl) };
}

export function welcomeMail(context: MailContext): MailMessage {
  const subject = `Welcome to ${context.newsletter}`;
  const text = [
    greeting(context.name),
    '',
    `your subscription to the ${context.newsletter} newsletter is confirmed: the next issues will come to ${context.to}.`,
    '',
    `You can unsubscribe at any time with one click: ${context.unsubscribeUrl}`,
    '',
  ].join('\n');
  const html = htmlDocument(subject, [
    escapeHtml(greeting(context.name)),
    `your subscription to the ${escapeHtml(context.newsletter)} newsletter is confirmed: the next issues will come to ${escapeHtml(context.to)}.`,
    `You can ${link(context.unsubscribeUrl, 'unsubscribe')} at any time with one click.`,
  ]);
  return { kind: 'welcome', to: context.to, subject, text, html, headers: unsubscribeHeaders(context.unsubscribeUrl) };
}
