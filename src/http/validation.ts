import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS with a default export; under NodeNext its namespace comes through.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const common: Options = {
  allErrors: true,
  useDefaults: true,
  removeAdditional: false,
  // Schemas carry OpenAPI-only keywords (examples, descriptions); they are not validation errors.
  strict: false,
};

/**
 * Bodies are validated as written: `"title": 123` is an error, not the string "123". Query strings,
 * path parameters and headers are text by nature, so they are coerced to the schema's types.
 */
const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }));
const textAjv = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema);
