// How a source is read: its own flags, or a preset's query / file layout, mapping and hash parameters.
import { readFile } from 'node:fs/promises';
import type { FieldMapping } from '../model/field-mapping.js';
import { usageError } from '../errors/index.js';
import type { PlanOptions } from '../plan/types.js';
import { findPreset, mergeMapping, presetParams, renderQuery } from '../presets/resolve.js';
import type { Preset, PresetContext } from '../presets/types.js';
import {
  isDatabaseUrl,
  isSourceError,
  readSource,
  readSourceBatches,
  singles,
  SourceUnavailableError,
  type SourceItem,
  type SourceOptions,
} from '../sources/index.js';
import { MigratorError } from '../errors/index.js';
import { readNdjson } from '../sources/ndjson.js';
import { readFileChunks } from '../sources/open-input.js';
import { loadMapping } from './load-mapping.js';

export interface SourceReading {
  mapping: FieldMapping;
  /** Opens the source's records (a preset's query or layout applied). */
  open: (stdin?: NodeJS.ReadableStream) => AsyncGenerator<SourceItem>;
  /** The same records in batches (readSourceBatches): what the planning pass reads. */
  openBatches: (stdin?: NodeJS.ReadableStream) => AsyncGenerator<SourceItem[]>;
  /** The preset's per-record step, when it has one. */
  reshape?: (record: Record<string, unknown>) => Record<string, unknown>;
}

/** Settles once per pass what the flags and any `--preset` say about reading the source. */
export async function sourceReading(
  options: Pick<PlanOptions, 'source' | 'format' | 'query' | 'map' | 'preset' | 'params'>,
): Promise<SourceReading> {
  const file = await loadMapping(options.map);
  const read = { source: options.source, format: options.format, query: options.query };
  if (!options.preset) {
    if (options.params && Object.keys(options.params).length > 0)
      throw usageError('--param is for a preset: add --preset NAME (workos-migrator presets list)');
    return {
      mapping: file,
      open: (stdin) => readSource({ ...read, stdin }),
      openBatches: (stdin) => readSourceBatches({ ...read, stdin }),
    };
  }
  const preset = findPreset(options.preset);
  const params = presetParams(preset, options.params ?? {});
  checkSourceKind(preset, options.source);
  const files = await readFileParams(preset, params);
  const ctx: PresetContext = { params, ...(preset.join && { joined: await readJoined(preset, params) }) };
  const mapping = mergeMapping(preset.mapping, file, preset.hashParams?.(ctx, files));
  const reshape = preset.reshape;
  const presetRead: SourceOptions = {
    ...read,
    query: options.query ?? renderQuery(preset, params),
    format:
      options.format ?? (preset.layout?.format === 'ndjson' ? 'ndjson' : preset.layout ? 'json' : undefined),
    usersAt: preset.layout?.usersAt,
  };
  return {
    mapping,
    open: (stdin) => explainFailures(readSource({ ...presetRead, stdin }), preset),
    openBatches: (stdin) => singles(explainFailures(readSource({ ...presetRead, stdin }), preset)),
    ...(reshape && { reshape: (record: Record<string, unknown>) => reshape(record, ctx) }),
  };
}

function checkSourceKind(preset: Preset, source: string): void {
  const database = isDatabaseUrl(source);
  if (preset.source === 'database' && !database)
    throw usageError(
      `preset ${preset.name} reads ${preset.system}'s database: give its URL (sqlite:app.db, postgres://…, mysql://…), not "${source}"`,
    );
  if (preset.source === 'file' && database)
    throw usageError(`preset ${preset.name} reads ${preset.system}'s export file, not a database URL`);
}

/** File parameters other than the joined one are small (a hash config): read them whole. */
async function readFileParams(
  preset: Preset,
  params: Record<string, string>,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of preset.params) {
    const path = params[p.name];
    if (p.kind !== 'file' || path === undefined || p.name === preset.join?.param) continue;
    try {
      out[p.name] = await readFile(path, 'utf8');
    } catch (err) {
      throw usageError(
        `cannot read --param ${p.name}=${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  }
  return out;
}

/**
 * The joined file, one entry per key, held in memory for the pass (a few hundred bytes per user);
 * lines it cannot read are skipped here and their users simply find no match.
 */
async function readJoined(
  preset: Preset,
  params: Record<string, string>,
): Promise<Map<string, Record<string, unknown>>> {
  const joined = new Map<string, Record<string, unknown>>();
  const path = params[preset.join!.param];
  if (path === undefined) return joined;
  try {
    for await (const item of readNdjson(readFileChunks(path))) {
      if (isSourceError(item)) continue;
      const key = preset.join!.keyOf(item.value);
      if (key !== undefined) joined.set(key, item.value);
    }
  } catch (err) {
    throw usageError(`cannot read --param ${preset.join!.param}=${path}: ${(err as Error).message}`);
  }
  return joined;
}

/**
 * A preset's query runs on a database the user did not write it for: a driver error (no such table,
 * column) most likely means another schema or version, so the message says where to look.
 */
async function* explainFailures(
  items: AsyncGenerator<SourceItem>,
  preset: Preset,
): AsyncGenerator<SourceItem> {
  try {
    yield* items;
  } catch (err) {
    if (err instanceof MigratorError) throw err;
    const names = preset.params
      .filter((p) => p.kind === 'identifier')
      .map((p) => `--param ${p.name}=…`)
      .join(', ');
    throw new SourceUnavailableError(
      `preset ${preset.name} could not read the source (${(err as Error).message}): is it ${preset.system}'s ${preset.source === 'database' ? 'database' : 'export'}${names ? ` (other names: ${names})` : ''}? ` +
        `workos-migrator presets show ${preset.name} prints the query and mapping to adapt with --query and --map`,
      { cause: err },
    );
  }
}
