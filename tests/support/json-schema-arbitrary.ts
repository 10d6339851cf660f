import fc from 'fast-check';

/** The part of JSON Schema (as OpenAPI 3.1 documents use it) that the generator reads. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly maxItems?: number;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** Resolves `#/components/schemas/Name` references of one OpenAPI document. */
export type SchemaResolver = (ref: string) => JsonSchema;

const ID_CHARS = '0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghijklmnopqrstuvwxyz'.split('');
const CATEGORY_TEXT = fc.constantFrom(
  'LT Night',
  '5分で話す趣味の話',
  'English and 日本語',
  'a',
  '  spaced  ',
);

/**
 * Values that fit `schema`: the shape, the types, enums and lengths the document states. Rules
 * the document cannot state (an end after a start, a seat for an onsite event) may still be
 * broken, which is as it should be for a fuzzer: the API must answer those with a 4xx too.
 */
export function arbitraryFor(
  schema: JsonSchema,
  resolve: SchemaResolver,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema.$ref !== undefined) return arbitraryFor(resolve(schema.$ref), resolve, depth);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices !== undefined) {
    return fc.oneof(...choices.map((choice) => arbitraryFor(choice, resolve, depth + 1)));
  }
  const types = typeof schema.type === 'string' ? [schema.type] : (schema.type ?? ['string']);
  return fc.oneof(...types.map((type) => arbitraryOfType(type, schema, resolve, depth)));
}

function arbitraryOfType(
  type: string,
  schema: JsonSchema,
  resolve: SchemaResolver,
  depth: number,
): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000 });
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1000,
        max: schema.maximum ?? 100_000,
        noNaN: true,
      });
    case 'array': {
      const items = schema.items ?? {};
      return depth > 4
        ? fc.constant([])
        : fc.array(arbitraryFor(items, resolve, depth + 1), {
            maxLength: Math.min(schema.maxItems ?? 5, 5),
          });
    }
    case 'object':
      return objectArbitrary(schema, resolve, depth);
    default:
      return stringArbitrary(schema);
  }
}

function objectArbitrary(
  schema: JsonSchema,
  resolve: SchemaResolver,
  depth: number,
): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  if (depth > 4) return fc.constant({});
  const model = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [
      name,
      arbitraryFor(property, resolve, depth + 1),
    ]),
  );
  return fc.record(model, {
    requiredKeys: Object.keys(properties).filter((name) => required.has(name)),
  });
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const maxLength = Math.min(schema.maxLength ?? 200, 200);
  const minLength = Math.min(schema.minLength ?? 0, maxLength);
  switch (schema.format) {
    case 'date-time':
      return fc
        .date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2035-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((date) => date.toISOString());
    case 'email':
      return fc.emailAddress().filter((email) => email.length <= maxLength);
    case 'uri':
      return fc.webUrl({ validSchemes: ['https'] }).filter((url) => url.length <= maxLength);
    default:
      break;
  }
  if (schema.pattern === '^[0-9A-Za-z]+$') {
    return fc
      .array(fc.constantFrom(...ID_CHARS), { minLength: Math.max(1, minLength), maxLength: 32 })
      .map((chars) => chars.join(''));
  }
  return fc.oneof(
    CATEGORY_TEXT.filter((text) => text.length >= minLength && text.length <= maxLength),
    fc.string({ minLength, maxLength, unit: 'grapheme' }),
  );
}
