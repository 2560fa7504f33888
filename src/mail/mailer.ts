import type { FastifyBaseLogger } from 'fastify';
import { createTransport } from 'nodemailer';
import type { Mailer, MailMessage } from './message.js';

/** Delivers through an SMTP server (`SMTP_URL`); `smtps://` connects with TLS, `smtp://` upgrades with STARTTLS when offered. */
export class SmtpMailer implements Mailer {
  private readonly transport;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    // nodemailer's defaults wait up to 10 minutes on a silent socket; the queue retries instead.
    this.transport = createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  }

  async send(message: MailMessage, messageId: string): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
      // The same Message-ID on every attempt lets receivers drop a duplicate after a lost acknowledgement.
      messageId,
    });
  }

  close(): void {
    this.transport.close();
  }
}

/** Without `SMTP_URL` (development), mail is written to the log so its links can be followed by hand. */
export class LogMailer implements Mailer {
  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly from: string,
  ) {}

  async send(message: MailMessage, messageId: string): Promise<void> {
    this.log.info({ mail: { messageId, from: this.from, to: message.to, subject: message.subject, headers: message.headers, text: message.text } }, 'mail logged (no SMTP_URL set)');
  }

  close(): void {}
}

/** True for an SMTP answer that will not change on retry: the server refused the recipient (5xx on RCPT TO). */
export function isPermanentFailure(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { responseCode, command } = error as { responseCode?: unknown; command?: unknown };
  return typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600 && typeof command === 'string' && command.toUpperCase().startsWith('RCPT');
}
