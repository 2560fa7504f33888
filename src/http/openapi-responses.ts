import type { SwaggerTransformObject } from '@fastify/swagger';

type SwaggerDocumentObject = Parameters<SwaggerTransformObject>[0];

// @fastify/swagger labels every success response without a description "Default Response", which
// is what editors read first in Swagger UI. Say what the status means instead.
const SUCCESS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created: the new resource, whose URL is in the `Location` header',
  '202': 'Accepted: the work goes on in the background',
  '204': 'Done; no content',
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `transformObject` for @fastify/swagger: replaces the placeholder description of success responses. */
export function describeSuccessResponses(document: SwaggerDocumentObject) {
  const doc = 'openapiObject' in document ? document.openapiObject : document.swaggerObject;
  for (const operations of Object.values(isRecord(doc.paths) ? doc.paths : {})) {
    for (const operation of Object.values(isRecord(operations) ? operations : {})) {
      if (!isRecord(operation) || !isRecord(operation['responses'])) continue;
      for (const [status, response] of Object.entries(operation['responses'])) {
        const description = SUCCESS[status];
        if (isRecord(response) && response['description'] === 'Default Response' && description !== undefined) response['description'] = description;
      }
    }
  }
  return doc;
}
