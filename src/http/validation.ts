import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler, FastifySchemaValidationError, FastifyServerOptions } from 'fastify';

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

/**
 * Compiling every route's schemas at start-up took most of the server's start time; each is
 * compiled on the first request that needs it instead (a millisecond or two, once).
 */
export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  let compiled: ValidateFunction | undefined;
  const validate = Object.assign(
    (data: unknown): boolean => {
      compiled ??= (httpPart === 'body' ? bodyAjv : textAjv).compile(schema);
      const valid = compiled(data);
      validate.errors = compiled.errors ?? null;
      return valid;
    },
    { errors: null as FastifySchemaValidationError[] | null },
  );
  return validate;
};

type SchemaController = NonNullable<FastifyServerOptions['schemaController']>;
type BuildSerializer = NonNullable<NonNullable<SchemaController['compilersFactory']>['buildSerializer']>;

/** Fastify's own response serializers (fast-json-stringify), compiled on first use for the same reason. */
export const lazySerializers: BuildSerializer = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  return (route) => {
    let serialize: ((doc: unknown) => string) | undefined;
    return (doc: unknown) => (serialize ??= compile(route))(doc);
  };
};
