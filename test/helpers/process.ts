import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningServer {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

/**
 * Starts the real entry point (src/server.ts through tsx, or `script`, e.g. a built bundle) and
 * waits until it listens.
 */
export function startServer(env: Record<string, string>, script?: string): Promise<RunningServer> {
  const child = spawn(process.execPath, script === undefined ? ['--import', 'tsx', 'src/server.ts'] : [script], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"ready"/.exec(out);
      if (match?.[1] !== undefined) resolve({ child, url: match[1], output: () => out, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

/** Runs the entry point expecting it to exit; returns its exit code and output. */
export function runServerToExit(env: Record<string, string>): Promise<{ code: number | string; output: string }> {
  return runToExit('src/server.ts', env);
}

/** Runs one of our command-line programs (e.g. src/seed-demo.ts) to its end: exit code and output. */
export function runToExit(entry: string, env: Record<string, string>): Promise<{ code: number | string; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code: code ?? signal ?? -1, output })));
}

/** Stops a server started by startServer (SIGTERM) and waits for it to exit; nothing if it already has. */
export async function stopServer(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  await server.exited;
}

/** A loopback port with nothing listening on it (for a server to start on, or a mail server that is down). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
