import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { applyTextRules, isCalendarDate, type TextIssue } from './domain/text';

const common: Options = { removeAdditional: true, useDefaults: true, allErrors: false, strict: false };

/** The Ajv keyword a broken text rule is reported under (see describeValidation in errors.ts). */
const TEXT_RULE_KEYWORDS = { control: 'controlCharacter', surrogate: 'loneSurrogate', number: 'finiteNumber' } as const;

/**
 * Two Ajv instances: paths, query strings and headers arrive as text and are coerced to the
 * declared types; JSON bodies are not coerced, so `{"username": 12345}` is a 400, not a name.
 * Both know `format: "date"` as a real calendar date within 1900–2200.
 *
 * After the schema, every body, query and path passes the text rules of server/domain/text.ts:
 * no control characters or lone surrogates in any string, only finite numbers, text in NFC.
 * When normalising changed some text, the schema is checked again, so lengths hold for the
 * text that is stored.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = new Ajv({ ...common, coerceTypes: false });
  const coercing = new Ajv({ ...common, coerceTypes: 'array' });
  for (const ajv of [strict, coercing]) {
    addFormats.default(ajv);
    ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
  }
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    const validate = ajv.compile(schema as object);
    if (httpPart === 'headers') return validate;
    return withTextRules(validate);
  };
}

type ValidateArgs = Parameters<ValidateFunction>;

/** Wraps an Ajv validator so the text rules run after it, on what it let through. */
function withTextRules(validate: ValidateFunction): ValidateFunction {
  const wrapped = ((data: ValidateArgs[0], context?: ValidateArgs[1]) => {
    wrapped.errors = null;
    if (!validate(data, context)) {
      wrapped.errors = validate.errors;
      return false;
    }
    // Ajv may have replaced a coerced root in its parent; read the value from there.
    const parent = context?.parentData as Record<string | number, unknown> | undefined;
    const key = context?.parentDataProperty;
    const current = parent && key !== undefined ? parent[key] : data;
    const { value, changed, issue } = applyTextRules(current);
    if (issue) {
      wrapped.errors = [textIssueError(issue)];
      return false;
    }
    if (parent && key !== undefined) parent[key] = value;
    if (changed && !validate(value, context)) {
      wrapped.errors = validate.errors;
      return false;
    }
    return true;
  }) as ValidateFunction;
  // Fastify hands Ajv validators (recognised by schemaEnv) the parent, so roots can be coerced.
  Object.assign(wrapped, { schema: validate.schema, schemaEnv: validate.schemaEnv, errors: null });
  return wrapped;
}

function textIssueError(issue: TextIssue): ErrorObject {
  return {
    keyword: TEXT_RULE_KEYWORDS[issue.problem],
    instancePath: issue.path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join(''),
    schemaPath: '#',
    params: {},
  };
}
