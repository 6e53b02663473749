import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export interface PayloadCheck {
  valid: boolean;
  /** "field: what is wrong", never the field's value (it may be a hash). */
  problems: string[];
}

let validator: ValidateFunction | undefined;

/**
 * Compiles the Create User request schema from the official OpenAPI spec (@workos/openapi-spec),
 * so dry runs check payloads against what WorkOS publishes rather than against our own reading.
 */
function createUserValidator(): ValidateFunction {
  if (validator) return validator;
  const require = createRequire(import.meta.url);
  const specPath = require.resolve('@workos/openapi-spec/spec');
  const spec = parse(readFileSync(specPath, 'utf8'), { maxAliasCount: -1 }) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema({ ...spec, $id: 'workos-openapi' });
  validator = ajv.getSchema('workos-openapi#/components/schemas/CreateUserlandUserDto') as ValidateFunction;
  if (!validator)
    throw new Error(
      'the OpenAPI spec has no CreateUserlandUserDto schema; is @workos/openapi-spec installed?',
    );
  return validator;
}

/** Validates a Create User body (wire form) against the spec. */
export function validateCreateUserBody(body: Record<string, unknown>): PayloadCheck {
  const validate = createUserValidator();
  if (validate(body)) return { valid: true, problems: [] };
  const problems = new Set<string>();
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'oneOf' || e.keyword === 'not' || e.keyword === 'anyOf') continue;
    // The oneOf branch for plain passwords always reports "password missing": noise for a hash import.
    if (e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === 'password')
      continue;
    const field = e.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'body';
    problems.add(`${field}: ${e.message ?? e.keyword}`);
  }
  if (problems.size === 0)
    problems.add('body: does not match the Create User schema (password fields are mutually exclusive)');
  return { valid: false, problems: [...problems] };
}
