import { domainToASCII, domainToUnicode } from 'node:url';

/** RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets. */
export const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const MAX_DOMAIN_LENGTH = 253;

/** RFC 5322 `atext`: a dot-atom is runs of these separated by single dots. */
const ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export type EmailCheck = { ok: true; email: string } | { ok: false; message: string };

/**
 * Checks an address as a mail server would accept it and returns its canonical form: trimmed,
 * lower-cased, the domain in Unicode (so `bücher.de` and `xn--bcher-kva.de` are one address).
 *
 * Deliberately narrower than RFC 5322: quoted local parts, comments and IP-literal domains are
 * refused. They are legal but practically never real subscribers, and each is a classic way to
 * smuggle odd bytes into headers and logs.
 */
export function checkEmail(input: string): EmailCheck {
  const value = input.trim().normalize('NFC');
  const tooLong: EmailCheck = { ok: false, message: `is longer than ${MAX_EMAIL_LENGTH} characters` };
  if (value.length > MAX_EMAIL_LENGTH) return tooLong;
  const at = value.lastIndexOf('@');
  if (at < 1 || at === value.length - 1) return { ok: false, message: 'must look like name@example.com' };
  const local = value.slice(0, at);
  const domain = value.slice(at + 1).toLowerCase();

  if (local.length > MAX_LOCAL_LENGTH) return { ok: false, message: `has a part before "@" longer than ${MAX_LOCAL_LENGTH} characters` };
  if (!local.split('.').every((atom) => ATOM.test(atom))) {
    return { ok: false, message: 'has characters before "@" that an address may not contain (or a misplaced dot)' };
  }

  // WHATWG's domainToASCII applies IDNA (UTS #46) and answers '' for what cannot be a host name.
  const ascii = domainToASCII(domain);
  const labels = ascii.split('.');
  if (ascii === '' || ascii.length > MAX_DOMAIN_LENGTH || labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return { ok: false, message: 'has an invalid domain after "@"' };
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) return { ok: false, message: 'has an IP address instead of a domain' };
  const email = `${local.toLowerCase()}@${domainToUnicode(ascii)}`;
  return email.length > MAX_EMAIL_LENGTH ? tooLong : { ok: true, email };
}
