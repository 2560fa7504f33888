import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The SSRF guard. A webhook URL is chosen by an API user, and the server then POSTs to it from
 * inside the network: without a guard, `http://169.254.169.254/` (cloud metadata) or
 * `http://localhost:…/admin` would be one API call away. Only http(s) is allowed, and every
 * address a host name resolves to must be public unicast. The check runs when the URL is saved and
 * again, through `connectLookup`, at every connection, on the very addresses the socket then uses:
 * DNS answers may change between the two (DNS rebinding).
 */

export type UrlProblemKind = 'scheme' | 'resolve' | 'address';

export class UrlNotAllowedError extends Error {
  override name = 'UrlNotAllowedError';
  readonly code = 'URL_NOT_ALLOWED';

  constructor(
    readonly kind: UrlProblemKind,
    message: string,
  ) {
    super(message);
  }
}

const RANGE_NAMES: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (shared) address',
  private: 'a private address',
  reserved: 'a reserved address',
  benchmarking: 'a benchmarking address',
  amt: 'an AMT relay address',
  as112: 'an AS112 address',
  as112v6: 'an AS112 address',
  uniqueLocal: 'a unique-local address',
  rfc6145: 'an IPv4-translated address',
  rfc6052: 'a NAT64 address',
  '6to4': 'a 6to4 address',
  teredo: 'a Teredo address',
  orchid2: 'an ORCHID address',
  droneRemoteIdProtocolEntityTags: 'a reserved address',
  deprecatedSiteLocal: 'a site-local address',
  discard: 'a discard-only address',
  segmentRouting: 'a segment-routing address',
};

// Global unicast space (RFC 4291 §2.4): anything outside 2000::/3 is special-purpose or unassigned,
// including the deprecated IPv4-compatible ::a.b.c.d forms that ipaddr.js calls plain `unicast`.
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/** Why `address` may not be a webhook target, or undefined when it is a public unicast address. */
export function refusalOf(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
    // ::ffff:a.b.c.d reaches the IPv4 host a.b.c.d: judge it as that host.
    const v4 = (ip as ipaddr.IPv6).toIPv4Address();
    const reason = refusalOf(v4.toString());
    return reason === undefined ? undefined : `the IPv4-mapped form of ${v4.toString()}, ${reason}`;
  }
  const range = ip.range();
  if (range !== 'unicast') return RANGE_NAMES[range] ?? `a special-purpose address (${range})`;
  if (ip.kind() === 'ipv6' && !ip.match(GLOBAL_UNICAST_V6)) return 'a special-purpose IPv6 address';
  return undefined;
}

/** The host of a URL without IPv6 brackets, as resolvers and sockets want it. */
export function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

function refuseAddress(host: string, address: string, reason: string): UrlNotAllowedError {
  const shown = host === address ? address : `${host} (${address})`;
  return new UrlNotAllowedError('address', `${shown} is ${reason}; webhooks may only be sent to public internet addresses.`);
}

/** Throws when any of `addresses` is not public; `host` names them in the message. */
export function assertPublic(host: string, addresses: readonly string[]): void {
  for (const address of addresses) {
    const reason = refusalOf(address);
    if (reason !== undefined) throw refuseAddress(host, address, reason);
  }
}

/** Parses a webhook URL and checks its scheme; throws UrlNotAllowedError with a message for the user. */
export function parseWebhookUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UrlNotAllowedError('scheme', `"${value}" is not an absolute URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UrlNotAllowedError('scheme', `The URL scheme "${url.protocol.replace(/:$/, '')}" is not allowed; use http or https.`);
  }
  if (url.hostname === '') throw new UrlNotAllowedError('scheme', `"${value}" has no host.`);
  return url;
}

export interface UrlGuardOptions {
  /** CMS_WEBHOOK_ALLOW_PRIVATE: skip the address rules (development, tests, private networks). */
  allowPrivate: boolean;
  /** Bound on a DNS lookup at save time, so a request never hangs on a slow resolver. */
  resolveTimeoutMs?: number;
}

export class UrlGuard {
  private readonly allowPrivate: boolean;
  private readonly resolveTimeoutMs: number;

  constructor(options: UrlGuardOptions) {
    this.allowPrivate = options.allowPrivate;
    this.resolveTimeoutMs = options.resolveTimeoutMs ?? 5000;
  }

  /**
   * Checks a URL before it is saved: scheme, that the host resolves, and (unless private targets
   * are allowed) that every address is public. The WHATWG parser has already turned the odd
   * spellings of IPv4 (`2130706433`, `0x7f.1`, `017700000001`) into dotted quads.
   */
  async check(value: string): Promise<URL> {
    const url = parseWebhookUrl(value);
    const host = bareHost(url);
    if (isIP(host) !== 0) {
      if (!this.allowPrivate) assertPublic(host, [host]);
      return url;
    }
    const addresses = await this.resolve(host);
    if (!this.allowPrivate) assertPublic(host, addresses);
    return url;
  }

  /**
   * For IP-literal hosts, which sockets connect to without a lookup: the delivery-time check.
   * Host names are checked by `connectLookup` as the connection is made.
   */
  assertLiteralAllowed(url: URL): void {
    const host = bareHost(url);
    if (!this.allowPrivate && isIP(host) !== 0) assertPublic(host, [host]);
  }

  /**
   * A `lookup` for sockets (undici's `connect` options pass it to net/tls.connect): resolves,
   * refuses the connection when any address is not public, and hands the socket exactly the
   * addresses it checked. Undefined when private targets are allowed.
   */
  connectLookup(): LookupFunction | undefined {
    if (this.allowPrivate) return undefined;
    return (hostname, options, callback) => {
      const checked = dnsLookup(hostname, { all: true, ...(options.family === undefined ? {} : { family: options.family }) }).then((found) => {
        assertPublic(hostname, found.map((entry) => entry.address));
        return found;
      });
      // Two-argument then: an exception thrown by the socket's own callback must not call it twice.
      void checked.then(
        (found) => {
          const [first] = found;
          if (options.all === true) callback(null, found);
          else if (first === undefined) callback(new UrlNotAllowedError('resolve', `${hostname} has no address.`), '', 0);
          else callback(null, first.address, first.family);
        },
        (error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)), '', 0);
        },
      );
    };
  }

  private async resolve(host: string): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new UrlNotAllowedError('resolve', `The host "${host}" did not resolve within ${this.resolveTimeoutMs} ms.`));
      }, this.resolveTimeoutMs);
    });
    try {
      const found = await Promise.race([dnsLookup(host, { all: true }), timeout]);
      if (found.length === 0) throw new UrlNotAllowedError('resolve', `The host "${host}" has no address.`);
      return found.map((entry) => entry.address);
    } catch (error) {
      if (error instanceof UrlNotAllowedError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new UrlNotAllowedError('resolve', `The host "${host}" does not resolve (${code}).`);
    } finally {
      clearTimeout(timer);
    }
  }
}
