import { Webhook } from 'standardwebhooks';
import { ADMIN_KEY, bearer, createKey, type TestApp } from './app.js';
import type { Received } from './receiver.js';

export const admin = bearer(ADMIN_KEY);

export interface EndpointJson {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  description: string | null;
  failingSince: string | null;
  disabledReason: string | null;
  previousSecretExpiresAt: string | null;
  secret: string;
}

export interface DeliveryJson {
  id: string;
  eventId: string;
  type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface DeliveryDetailJson extends DeliveryJson {
  payload: { type: string; timestamp: string; data: Record<string, unknown>; previous?: Record<string, unknown> };
  attemptLog: { attemptedAt: string; statusCode: number | null; latencyMs: number; error: string | null; responseBody: string | null }[];
}

/** Short retries and timeouts, and loopback receivers allowed: the settings of the delivery tests. */
export const FAST_WEBHOOKS = { CMS_WEBHOOK_ALLOW_PRIVATE: 'true', CMS_WEBHOOK_RETRY_DELAYS: '0,50,100', CMS_WEBHOOK_TIMEOUT_MS: '2000' };

/** Calls on the webhook API of a test app, failing the test on unexpected statuses. */
export function webhookClient(app: TestApp) {
  const endpoint = async (url: string, events: string[] = ['*'], extra: Record<string, unknown> = {}): Promise<EndpointJson> => {
    const res = await app.inject({ method: 'POST', url: '/webhooks', headers: admin, payload: { url, events, ...extra } });
    if (res.statusCode !== 201) throw new Error(`creating an endpoint failed: ${res.statusCode} ${res.body}`);
    return res.json() as EndpointJson;
  };
  const get = async (id: string): Promise<EndpointJson> => (await app.inject({ method: 'GET', url: `/webhooks/${id}`, headers: admin })).json() as EndpointJson;
  const deliveries = async (id: string, query = ''): Promise<DeliveryJson[]> => {
    const res = await app.inject({ method: 'GET', url: `/webhooks/${id}/deliveries${query === '' ? '?limit=100' : `?${query}`}`, headers: admin });
    if (res.statusCode !== 200) throw new Error(`the delivery log failed: ${res.statusCode} ${res.body}`);
    return (res.json() as { data: DeliveryJson[] }).data;
  };
  const delivery = async (id: string, deliveryId: string): Promise<DeliveryDetailJson> => {
    const res = await app.inject({ method: 'GET', url: `/webhooks/${id}/deliveries/${deliveryId}`, headers: admin });
    if (res.statusCode !== 200) throw new Error(`the delivery detail failed: ${res.statusCode} ${res.body}`);
    return res.json() as DeliveryDetailJson;
  };
  return { endpoint, get, deliveries, delivery };
}

export async function editorOf(app: TestApp) {
  return bearer(await createKey(app, 'editor'));
}

const header = (received: Received, name: string): string => {
  const value = received.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
};

/** The three Standard Webhooks headers of a received request. */
export function webhookHeaders(received: Received): Record<string, string> {
  return { 'webhook-id': header(received, 'webhook-id'), 'webhook-timestamp': header(received, 'webhook-timestamp'), 'webhook-signature': header(received, 'webhook-signature') };
}

/** Verifies with the standardwebhooks package (an independent implementation); throws if invalid. */
export function verify(received: Received, secret: string): unknown {
  return new Webhook(secret).verify(received.body, webhookHeaders(received));
}
