/** One e-mail as it is queued: everything needed to send it again after a restart. */
export interface MailMessage {
  /** Which template made it, kept after sending when the body is dropped. */
  kind: 'confirmation' | 'welcome';
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra header fields, e.g. List-Unsubscribe (RFC 2369) and List-Unsubscribe-Post (RFC 8058). */
  headers: Record<string, string>;
}

/** Sends one message; rejects when it was not accepted. */
export interface Mailer {
  send(message: MailMessage, messageId: string): Promise<void>;
  close(): void;
}
