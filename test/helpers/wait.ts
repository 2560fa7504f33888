/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A stand-in for "the disk has synced" that the test controls: `durable` (what a queue awaits
 * before sending) counts its calls and stays pending until `release()`.
 */
export function syncGate(): { durable: () => Promise<void>; release: () => void; asked: () => number } {
  let release: () => void = () => undefined;
  let asked = 0;
  const synced = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    durable: () => {
      asked++;
      return synced;
    },
    release: () => {
      release();
    },
    asked: () => asked,
  };
}
