import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { signInAdmin, uniqueAddress } from '../factories/user.factory';
import { ERRORS } from '../../server/errors';

/**
 * The guard against hostile input, generated from the route table: every operation of the
 * OpenAPI document (what the routes' schemas publish) that takes path parameters, a query or
 * a JSON body gets, in each of its fields in turn, NUL, a lone surrogate, 2^31, 2^63, 1e400,
 * -1, far dates, an empty string and 60,000 characters, the other fields holding valid
 * values so the hostile one reaches the field under test. No answer may be a 5xx, every 4xx
 * has the API.md error shape, and a value the field's schema or the text rules refuse is a
 * 400 VALIDATION naming that field. A new route is covered without anyone writing a case.
 *
 * One app for all of it, signed in as admin so authorisation does not stop a request before
 * its handler; the per-member limits are off, since the requests come faster than a person.
 * Baseline ids are the largest id (a row that does not exist) and baseline text is
 * "hostile-probe", so accepted values change no one else's rows on a shared database (what
 * they may create is a board, a token or a draft of the admin's).
 */

const app = await createTestApp({
  REGISTRATION_RATE_LIMIT: '0', POST_RATE_LIMIT: '0', WRITE_RATE_LIMIT: '0',
  EDIT_RATE_LIMIT: '0', DRAFT_RATE_LIMIT: '0', TOKEN_CREATE_RATE_LIMIT: '0',
});
let admin = await signInAdmin(app);
/**
 * The address the probes come from. Some are wrong passwords the schema accepts (a sign-in
 * as "9999-12-31"), which count as failures of their address: on a shared database they must
 * not make 127.0.0.1, where every test file signs in, wait.
 */
const PROBE_ADDRESS = uniqueAddress();
afterAll(async () => {
  await app.close();
});

/** The part of JSON Schema (as @fastify/swagger writes it into OpenAPI) the routes use. */
interface JsonSchema {
  type?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
}

interface Parameter { in: 'path' | 'query'; name: string; required?: boolean; schema: JsonSchema }
interface Operation { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }

/** A hostile value as JSON text (for bodies) and as URL text (for paths and queries). */
interface Hostile {
  name: string;
  json: string;
  url: string;
  /** What JSON.parse makes of `json`. */
  value: string | number;
}

const HOSTILE: Hostile[] = [
  { name: 'NUL', json: '"a\\u0000b"', url: 'a%00b', value: 'a\u0000b' },
  { name: 'a lone surrogate', json: '"a\\ud800b"', url: 'a%ED%A0%80b', value: 'a\ud800b' },
  { name: '2^31', json: '2147483648', url: '2147483648', value: 2 ** 31 },
  { name: '2^63', json: '9223372036854775808', url: '9223372036854775808', value: 2 ** 63 },
  { name: '1e400', json: '1e400', url: '1e400', value: Number.POSITIVE_INFINITY },
  { name: '-1', json: '-1', url: '-1', value: -1 },
  { name: 'a date in 9999', json: '"9999-12-31"', url: '9999-12-31', value: '9999-12-31' },
  { name: 'a date in 1899', json: '"1899-12-31"', url: '1899-12-31', value: '1899-12-31' },
  { name: 'an empty string', json: '""', url: '', value: '' },
  { name: '60,000 characters', json: `"${'x'.repeat(60_000)}"`, url: 'x'.repeat(60_000), value: 'x'.repeat(60_000) },
];

/** The largest id the database holds: a valid id of a row that does not exist. */
const ABSENT_ID = 2_147_483_647;
/** Valid text for patterned fields: the first candidate the pattern and lengths accept is used. */
const TEXT_CANDIDATES = ['hostile-probe', 'hostile_probe', 'topic:2147483647', '0'.repeat(64), 'hp'];

/** A valid value for a schema, with every optional property and one item of every array. */
function sample(schema: JsonSchema, where: string): unknown {
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value, `${where}.${key}`)]));
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 0) }, (_unused, i) => sample(schema.items ?? {}, `${where}.${i}`));
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return schema.maximum === ABSENT_ID ? ABSENT_ID : Math.max(schema.minimum ?? 0, Math.min(1, schema.maximum ?? 1));
    case 'string': {
      if (schema.format === 'date') return '2024-05-01';
      if (schema.format === 'date-time') return '2024-05-01T00:00:00.000Z';
      const text = TEXT_CANDIDATES.find((candidate) => stringAccepted(schema, candidate));
      if (text === undefined) throw new Error(`no valid sample for ${where}: add a candidate for ${JSON.stringify(schema)}`);
      return text;
    }
    default:
      throw new Error(`no sample for ${where}: ${JSON.stringify(schema)}`);
  }
}

/** Does a string schema accept `text` (length, pattern, enum, format)? */
function stringAccepted(schema: JsonSchema, text: string): boolean {
  const length = [...text].length;
  if (schema.enum) return schema.enum.includes(text);
  if (length < (schema.minLength ?? 0) || length > (schema.maxLength ?? Infinity)) return false;
  if (schema.pattern && !new RegExp(schema.pattern, 'u').test(text)) return false;
  // None of the hostile strings is a calendar date within 1900–2200.
  return schema.format !== 'date';
}

/** Does a number schema accept `value`? */
function numberAccepted(schema: JsonSchema, value: number): boolean {
  if (!Number.isFinite(value) || (schema.type === 'integer' && !Number.isInteger(value))) return false;
  return value >= (schema.minimum ?? -Infinity) && value <= (schema.maximum ?? Infinity);
}

/**
 * Must the field refuse the value with a 400 naming it? In a JSON body a value of the wrong
 * type, or one its schema or the text rules refuse; in a path or query (text, coerced to the
 * declared type) the same, read as text. A lone surrogate cannot be written in a URL (its
 * bytes are not UTF-8), so there it need only not break anything.
 */
function mustRefuse(schema: JsonSchema, hostile: Hostile, location: 'body' | 'query' | 'path'): boolean {
  const type = schema.type ?? (schema.enum ? 'string' : undefined);
  if (hostile.name === 'NUL') return true;
  if (location === 'body') {
    if (hostile.name === 'a lone surrogate') return true;
    if (type === 'string') return typeof hostile.value !== 'string' || !stringAccepted(schema, hostile.value);
    if (type === 'integer' || type === 'number') return typeof hostile.value !== 'number' || !numberAccepted(schema, hostile.value);
    return true;
  }
  if (hostile.name === 'a lone surrogate') return false;
  if (type === 'string') return !stringAccepted(schema, hostile.url);
  if (type === 'integer' || type === 'number') {
    return !/^-?\d+(\.\d+)?(e\d+)?$/i.test(hostile.url) || !numberAccepted(schema, Number(hostile.url));
  }
  if (type === 'boolean') return !['true', 'false'].includes(hostile.url);
  return true;
}

/** Every field of a body schema, nested ones included (array items by index 0), with its schema. */
function bodyFields(schema: JsonSchema, path: (string | number)[] = []): { path: (string | number)[]; schema: JsonSchema }[] {
  if (schema.type === 'object') {
    return Object.entries(schema.properties ?? {}).flatMap(([key, value]) => [{ path: [...path, key], schema: value }, ...bodyFields(value, [...path, key])]);
  }
  if (schema.type === 'array' && schema.items) return [{ path: [...path, 0], schema: schema.items }, ...bodyFields(schema.items, [...path, 0])];
  return [];
}

const MARK = '\u2063hostile\u2063';

/** The baseline body with one field replaced by a hostile value, as JSON text. */
function bodyWith(baseline: unknown, path: (string | number)[], hostile: Hostile): string {
  const copy = structuredClone(baseline) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = MARK;
  return JSON.stringify(copy).replace(JSON.stringify(MARK), hostile.json);
}

/** One request of the guard and what it must get. */
interface Probe {
  label: string;
  method: string;
  url: string;
  body?: string;
  /** The field a refusal must name, when the value must be refused. */
  refuseNaming: string | null;
  /** Path values are routed before they are validated: a refusal there may be a 404 or name no field. */
  inPath: boolean;
}

const ERROR_CODES = new Set(Object.keys(ERRORS));

/** The probes of one operation: every field of its path, query and body in turn. */
function probesOf(method: string, template: string, operation: Operation): Probe[] {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const pathValues = new Map(pathParams.map((p) => [p.name, encodeURIComponent(String(sample(p.schema, p.name)))]));
  const baseQuery = queryParams.filter((p) => p.required).map((p) => [p.name, encodeURIComponent(String(sample(p.schema, p.name)))] as const);
  const baseBody = bodySchema ? sample(bodySchema, 'body') : undefined;
  const url = (paths: Map<string, string>, query: (readonly [string, string])[]) => {
    const path = template.replace(/\{(\w+)\}/g, (_m, name: string) => paths.get(name) ?? '');
    return query.length > 0 ? `${path}?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : path;
  };
  const baseBodyText = baseBody === undefined ? undefined : JSON.stringify(baseBody);
  const probes: Probe[] = [];
  for (const hostile of HOSTILE) {
    for (const p of pathParams) {
      // An empty path segment is another path, not a value of this one.
      if (hostile.url === '') continue;
      probes.push({
        label: `${hostile.name} in path parameter ${p.name}`, method, body: baseBodyText,
        url: url(new Map([...pathValues, [p.name, hostile.url]]), baseQuery),
        refuseNaming: mustRefuse(p.schema, hostile, 'path') ? p.name : null, inPath: true,
      });
    }
    for (const p of queryParams) {
      probes.push({
        label: `${hostile.name} in query parameter ${p.name}`, method, body: baseBodyText,
        url: url(pathValues, [...baseQuery.filter(([name]) => name !== p.name), [p.name, hostile.url]]),
        refuseNaming: mustRefuse(p.schema, hostile, 'query') ? p.name : null, inPath: false,
      });
    }
    if (bodySchema) {
      for (const field of bodyFields(bodySchema)) {
        probes.push({
          label: `${hostile.name} in body field ${field.path.join('.')}`, method, url: url(pathValues, baseQuery),
          body: bodyWith(baseBody, field.path, hostile),
          refuseNaming: mustRefuse(field.schema, hostile, 'body') ? field.path.join('.') : null, inPath: false,
        });
      }
    }
  }
  return probes;
}

const document = app.swagger() as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths).flatMap(([template, methods]) =>
  Object.entries(methods)
    .filter(([, operation]) => (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined)
    .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${template}`, method: method.toUpperCase(), template, operation })));

describe('the hostile-input guard', () => {
  it('covers every operation that takes input, from the route table', () => {
    expect(operations.length).toBeGreaterThanOrEqual(40);
    expect(operations.map((o) => o.name)).toEqual(expect.arrayContaining([
      'POST /api/auth/login', 'POST /api/auth/register', 'POST /api/units', 'GET /api/places', 'GET /api/visits',
      'POST /api/visits', 'PUT /api/campaign', 'GET /api/overlaps', 'GET /api/boards/{slug}/topics',
    ]));
  });
});

describe.each(operations)('$name', ({ method, template, operation }) => {
  it('answers every hostile value in every field with a 4xx in the API.md shape, never a 5xx, naming the field it refuses', async () => {
    const problems: string[] = [];
    for (const probe of probesOf(method, template, operation)) {
      const headers: Record<string, string> = { cookie: admin.cookie ?? '', 'x-csrf-token': admin.csrfToken ?? '' };
      if (probe.body !== undefined) headers['content-type'] = 'application/json';
      const res = await app.inject({
        method: probe.method as 'GET', url: probe.url, headers, remoteAddress: PROBE_ADDRESS,
        ...(probe.body !== undefined && probe.method !== 'GET' ? { payload: probe.body } : {}),
      });
      const where = `${probe.label} → ${res.statusCode}`;
      // A value a sign-in accepted replaces the session it came with: sign in again.
      if (res.headers['set-cookie']) admin = await signInAdmin(app);
      if (res.statusCode >= 500) {
        problems.push(`${where}: a server error`);
        continue;
      }
      if (res.statusCode >= 400) {
        const body = res.json<Record<string, unknown>>();
        const shaped = body.statusCode === res.statusCode && typeof body.code === 'string' && ERROR_CODES.has(body.code)
          && typeof body.error === 'string' && typeof body.message === 'string' && body.message !== ''
          && Object.keys(body).every((key) => ['statusCode', 'code', 'error', 'message', 'field', 'errors'].includes(key));
        if (!shaped) problems.push(`${where}: not the API.md error shape: ${res.body.slice(0, 200)}`);
      }
      if (probe.refuseNaming === null) continue;
      if (probe.inPath) {
        if (res.statusCode < 400) problems.push(`${where}: accepted a value its schema refuses`);
      } else if (res.statusCode !== 400 || res.json<{ code?: string; field?: string }>().code !== 'VALIDATION'
        || res.json<{ field?: string }>().field !== probe.refuseNaming) {
        problems.push(`${where}: expected 400 VALIDATION naming ${probe.refuseNaming}: ${res.body.slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('after the guard', () => {
  it('is still signed in as admin: every probe reached the handlers authenticated', async () => {
    expect((await admin.get<{ user: { roles: string[] } }>('/api/me')).data.user.roles).toContain('admin');
  });
});
