import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

/**
 * The production server as one ES module, `dist/server.mjs` (what `npm start` and the image run),
 * and its render thread's, `dist/render-worker.mjs`.
 * Node resolves and loads ~1,500 small files for the unbundled server — most of its start-up
 * time (1.2-1.6 s to the first answer on this machine, ~0.7 s bundled). Left outside: the native
 * SQLite binding, and the plugins that serve files from their own package folders.
 */
export const bundleOptions = (outdir: string): BuildOptions => ({
  // The render thread's code is a second entry (src/lib/render-thread.ts finds it next to the server).
  entryPoints: {
    server: fileURLToPath(new URL('../src/server.ts', import.meta.url)),
    'render-worker': fileURLToPath(new URL('../src/lib/render-worker.ts', import.meta.url)),
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: ['better-sqlite3', '@fastify/swagger-ui', '@fastify/static'],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build(bundleOptions(fileURLToPath(new URL('../dist/', import.meta.url))));
}
