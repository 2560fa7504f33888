import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Test } from 'tap';
import { waitFor } from './wait.js';

export interface ReceivedMail {
  /** Envelope recipients (RCPT TO). */
  to: string[];
  from: string;
  parsed: ParsedMail;
  raw: string;
  /** A header field's value as received, unfolded (e.g. `list-unsubscribe`). */
  header: (name: string) => string | undefined;
  text: string;
}

export interface TestSmtp {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Mail whose envelope goes to `address`, in arrival order. */
  to: (address: string) => ReceivedMail[];
  /** Waits until `address` has received `count` mails (default 1) and returns them. */
  waitFor: (address: string, count?: number) => Promise<ReceivedMail[]>;
  close: () => Promise<void>;
}

/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps every message it accepts,
 * parsed with `mailparser`. Plain SMTP without STARTTLS, as a local relay would speak it.
 */
export async function startSmtp(t: Test, port = 0, options: { reject?: (address: string) => boolean } = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.reject?.(address.address) !== true) return callback();
      callback(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            const to = session.envelope.rcptTo.map((address) => address.address);
            const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
            const header = (name: string): string | undefined => {
              const line = parsed.headerLines.find((entry) => entry.key === name.toLowerCase())?.line;
              return line?.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
            };
            received.push({ to, from, parsed, raw, header, text: parsed.text ?? '' });
            callback();
          })
          .catch((error: unknown) => callback(error as Error));
      });
    },
  });
  // A client that dies mid-session (a server process killed with SIGKILL) resets its connection:
  // not an error of this server, and unhandled it would crash the test process.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.server.address() as AddressInfo).port;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  t.teardown(close);
  const to = (address: string) => received.filter((mail) => mail.to.includes(address));
  return {
    url: `smtp://127.0.0.1:${actualPort}`,
    port: actualPort,
    received,
    to,
    waitFor: (address, count = 1) => waitFor(`${count} mail(s) to ${address}`, () => (to(address).length >= count ? to(address) : undefined)),
    close,
  };
}

/** The first link in a mail's text that starts with `prefix`, and its `token` parameter. */
export function linkIn(mail: ReceivedMail, prefix: string): { url: string; token: string } {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}\\?token=[A-Za-z0-9_-]+`).exec(mail.text);
  if (match === null) throw new Error(`no link starting with ${prefix} in:\n${mail.text}`);
  const url = match[0];
  return { url, token: new URL(url).searchParams.get('token') ?? '' };
}
