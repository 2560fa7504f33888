import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

export const openApiPath = fileURLToPath(new URL('../openapi/openapi.json', import.meta.url));

/** The OpenAPI document exactly as the server serves it, formatted for a readable diff. */
export async function renderOpenApi(): Promise<string> {
  const app = await buildApp(loadConfig({ CMS_DB_PATH: ':memory:', LOG_LEVEL: 'silent' }));
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(openApiPath, await renderOpenApi());
  process.stdout.write(`wrote ${openApiPath}\n`);
}
