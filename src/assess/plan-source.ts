// Wires a source stream and a mapping file to the pure planner (plan/): the I/O half of assess.
import { readFile } from 'node:fs/promises';
import { classifyHash } from '../hashes/index.js';
import { EMPTY_MAPPING, MappingError, parseMapping, type FieldMapping } from '../model/field-mapping.js';
import { createRecordMapper } from '../model/record-mapper.js';
import { isSourceError, readSource } from '../sources/index.js';
import { checkAlgorithmName } from '../plan/algorithm-name.js';
import { Planner, type FullAssessReport, type PlannerOptions } from '../plan/planner.js';
import type { PlanOptions, PlannedUser } from '../plan/types.js';

export interface PlanSourceOptions extends PlanOptions {
  /** Replaces stdin for `-`. */
  stdin?: NodeJS.ReadableStream;
  /** See PlannerOptions.problemSample: keep a sample of the problems in the report. */
  problemSample?: PlannerOptions['problemSample'];
}

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

/**
 * Streams the source through mapping, validation and the decision tree. Each user is handed to
 * `sink` in source order; the returned report counts everything (see AssessReport.revisions).
 */
export async function planSource(
  options: PlanSourceOptions,
  sink?: (planned: PlannedUser) => void | Promise<void>,
): Promise<FullAssessReport> {
  const mapper = createRecordMapper(await loadMapping(options.map));
  const planner = new Planner({
    noPasswords: options.noPasswords,
    strict: options.strict,
    classify: classifyHash,
    checkAlgorithmName,
    problemSample: options.problemSample,
  });
  const items = readSource({
    source: options.source,
    format: options.format,
    query: options.query,
    stdin: options.stdin,
  });
  for await (const item of items) {
    if (isSourceError(item)) {
      planner.unreadable(item.row, item.location, item.code, item.message);
      continue;
    }
    const { user, problems } = mapper(item.value, item.row, item.location);
    const planned = planner.plan(user, problems);
    if (sink) await sink(planned);
  }
  return planner.finish();
}
