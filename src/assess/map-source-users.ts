// The per-record half of planning, shared by the planning pass and the import's send passes.
import { createRecordMapper } from '../model/record-mapper.js';
import type { MigrationUser, Problem } from '../model/user.js';
import { checkAlgorithmName } from '../plan/algorithm-name.js';
import { checkRecord } from '../plan/check-record.js';
import type { PlanOptions } from '../plan/types.js';
import { isSourceError, type SourceError } from '../sources/index.js';
import { sourceReading } from './source-reading.js';

export interface MappedUser {
  /** Mapped and normalised (email trimmed, provider named) exactly as the planner sees it. */
  user: MigrationUser;
  /** The record's own problems (mapping, validation, algorithm name); duplicates need the whole stream. */
  problems: Problem[];
}

export interface MapSourceOptions extends Pick<
  PlanOptions,
  'source' | 'format' | 'query' | 'map' | 'preset' | 'params'
> {
  /** Replaces stdin for `-`. */
  stdin?: NodeJS.ReadableStream;
  /** A record the source could not read; without it such records are skipped. */
  onUnreadable?: (error: SourceError) => void;
  /** The users of a batch read together, mapped and checked, before `sink` sees them one by one. */
  onBatch?: (users: MigrationUser[]) => void;
}

/**
 * Streams the source's users through the field mapping and checkRecord, in source order, holding one
 * record at a time: no duplicate index (that is the planner's), so memory does not grow with the source.
 */
export async function mapSourceUsers(
  options: MapSourceOptions,
  sink: (mapped: MappedUser) => void | Promise<void>,
): Promise<void> {
  const reading = await sourceReading(options);
  const mapper = createRecordMapper(reading.mapping);
  const reshape = reading.reshape;
  for await (const batch of reading.openBatches(options.stdin)) {
    // Mapped and checked first, handed over after: unreadable records keep their place in source order.
    const mapped: Array<MappedUser | SourceError> = [];
    for (const item of batch) {
      if (isSourceError(item)) {
        mapped.push(item);
        continue;
      }
      const value = reshape ? reshape(item.value) : item.value;
      const { user, problems } = mapper(value, item.row, item.location);
      mapped.push({ user, problems: checkRecord(user, problems, checkAlgorithmName) });
    }
    if (options.onBatch) options.onBatch(mapped.flatMap((m) => ('user' in m ? [m.user] : [])));
    for (const m of mapped) {
      if (!('user' in m)) {
        options.onUnreadable?.(m);
        continue;
      }
      const pending = sink(m);
      // A synchronous sink costs no extra promise per record.
      if (pending) await pending;
    }
  }
}
