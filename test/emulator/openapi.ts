import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { repoRoot } from './helpers.js';

type Json = Record<string, unknown>;

export const SPEC_FILE = join(repoRoot, 'node_modules', '@workos', 'openapi-spec', 'open-api-spec.yaml');
const SPEC_ID = 'https://workos.test/openapi.json';

export function loadSpec(): Json {
  return parse(readFileSync(SPEC_FILE, 'utf8')) as Json;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Response schemas from @workos/openapi-spec, compiled with ajv (JSON Schema 2020-12, which
 * OpenAPI 3.1 uses). The whole spec is registered as one schema document so every `$ref` resolves
 * inside it; response objects that are themselves `$ref`s are followed by hand first.
 */
export class SpecValidator {
  readonly spec: Json;
  private ajv: InstanceType<typeof Ajv2020.default>;
  private cache = new Map<string, ValidateFunction | null>();

  constructor(spec = loadSpec()) {
    this.spec = spec;
    // strict: false because OpenAPI adds keywords (example, discriminator, x-…) that are not JSON Schema.
    this.ajv = new Ajv2020.default({ strict: false, allErrors: true, validateSchema: false });
    addFormats.default(this.ajv);
    this.ajv.addSchema(spec, SPEC_ID);
  }

  private resolve(pointer: string): { node: Json | undefined; pointer: string } {
    let node: unknown = this.spec;
    for (const part of pointer.split('/').slice(1)) {
      node = (node as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    const ref = (node as Json | undefined)?.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) return this.resolve(ref.slice(1));
    return { node: node as Json | undefined, pointer };
  }

  operation(method: string, pathTemplate: string): Json | undefined {
    return this.resolve(`/paths/${escape(pathTemplate)}/${method.toLowerCase()}`).node;
  }

  /** The compiled schema for one response, or null when the spec defines no JSON body for it. */
  validator(method: string, pathTemplate: string, status: number): ValidateFunction | null | undefined {
    const key = `${method} ${pathTemplate} ${status}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const op = this.operation(method, pathTemplate);
    if (!op) return undefined;
    const response = this.resolve(
      `/paths/${escape(pathTemplate)}/${method.toLowerCase()}/responses/${status}`,
    );
    if (!response.node) return undefined;
    const schema = this.resolve(`${response.pointer}/content/application~1json/schema`);
    const fn = schema.node ? this.ajv.compile({ $ref: `${SPEC_ID}#${schema.pointer}` }) : null;
    this.cache.set(key, fn);
    return fn;
  }

  /** Every (method, path) in the spec, for the coverage table. */
  operations(): Array<{ method: string; path: string; summary: string }> {
    const out: Array<{ method: string; path: string; summary: string }> = [];
    for (const [path, item] of Object.entries(this.spec.paths as Json)) {
      for (const [method, op] of Object.entries(item as Json)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        out.push({ method: method.toUpperCase(), path, summary: String((op as Json).summary ?? '') });
      }
    }
    return out;
  }
}
