// I/O edge of assess: keeps the per-user lanes on disk for later commands, without holding them in memory.
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { AssessReport, Lane, PlannedUser } from '../plan/types.js';

/** One line of plan.json: everything later commands need to know about a user, and never the hash. */
export interface PlanEntry {
  row: number;
  location: string;
  localId?: string;
  email: string;
  lane: Lane;
  hashType?: string;
  reason?: string;
}

export function planEntry({ user, lane, hash }: PlannedUser): PlanEntry {
  const entry: PlanEntry = { row: user.row, location: user.location, email: user.email, lane };
  if (user.localId !== undefined) entry.localId = user.localId;
  if (hash?.importable) entry.hashType = hash.type;
  else if (hash)
    entry.reason = hash.reason; // trickle users keep theirs: why WorkOS could not take it
  else if (lane === 'reset') entry.reason = 'no_password';
  return entry;
}

/**
 * Streams entries to a side file, then writes `{"total", "lanes", "users": [...]}` with the report's
 * revisions applied (the first row of a duplicate pair is only known to be blocked at its twin).
 */
export function writePlanFile(path: string): {
  sink: (planned: PlannedUser) => Promise<void>;
  finish: (report: AssessReport) => Promise<void>;
} {
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  return {
    async sink(planned) {
      if (!out.write(`${JSON.stringify(planEntry(planned))}\n`)) await once(out, 'drain');
    },
    async finish(report) {
      out.end();
      await once(out, 'close');
      const revised = new Map(report.revisions.map((r) => [r.row, r.lane]));
      const final = createWriteStream(path);
      final.write(`{"total":${report.total},"lanes":${JSON.stringify(report.lanes)},"users":[`);
      let first = true;
      for await (const line of createInterface({ input: createReadStream(partial), crlfDelay: Infinity })) {
        const entry = JSON.parse(line) as PlanEntry;
        const lane = revised.get(entry.row);
        if (lane && lane !== entry.lane) {
          entry.lane = lane;
          delete entry.hashType;
        }
        const text = `${first ? '\n' : ',\n'}${JSON.stringify(entry)}`;
        first = false;
        if (!final.write(text)) await once(final, 'drain');
      }
      final.end('\n]}\n');
      await once(final, 'close');
      await rm(partial, { force: true });
    },
  };
}
