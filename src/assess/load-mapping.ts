import { readFile } from 'node:fs/promises';
import { EMPTY_MAPPING, MappingError, parseMapping, type FieldMapping } from '../model/field-mapping.js';

export async function loadMapping(path: string | undefined): Promise<FieldMapping> {
  if (!path) return EMPTY_MAPPING;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new MappingError(
      `cannot read mapping file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  return parseMapping(text, path);
}
