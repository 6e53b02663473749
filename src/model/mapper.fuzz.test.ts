/**
 * The mapper and the planner are total over JSON: any record gives a well-typed user and problems
 * that name their row and field, and planning gives every user a lane (blocked exactly when a
 * problem blocks) with a well-formed hash classification. Records are arbitrary JSON objects,
 * weighted towards the columns the mapper reads holding values of the wrong type.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mappedProblem, plannedProblem, recordArb } from '../../test/support/fuzz.js';
import { classifyHash } from '../hashes/registry.js';
import { checkAlgorithmName } from '../plan/algorithm-name.js';
import { checkRecord } from '../plan/check-record.js';
import { Planner } from '../plan/planner.js';
import { EMPTY_MAPPING, type FieldMapping } from './field-mapping.js';
import { createRecordMapper } from './record-mapper.js';

/** A mapping that points fields and metadata at nested, dotted and prototype-named paths. */
const MAPPING: FieldMapping = {
  fields: { email: 'profile.email', firstName: 'constructor', lastName: 'name.last' },
  constants: { passwordAlgorithm: 'bcrypt', emailVerified: true },
  hashParams: { firebaseRounds: '8' },
  hashParamFields: { saltOrder: 'toString', pepper: '__proto__.x' },
  metadataFields: { plan: 'plan', legacy: 'hasOwnProperty' },
};

describe('record mapper and planner on arbitrary JSON records', () => {
  for (const [name, mapping, seed] of [
    ['default aliases', EMPTY_MAPPING, 21],
    ['a mapping with dotted and prototype-named paths', MAPPING, 22],
  ] as const) {
    it(`${name}: a typed user and located problems, then a lane`, () => {
      const map = createRecordMapper(mapping);
      const planner = new Planner({ classify: classifyHash, checkAlgorithmName });
      let row = 0;
      fc.assert(
        fc.property(recordArb, (record) => {
          row += 1;
          const location = `line ${row}`;
          const mapped = map(record, row, location);
          const bad = mappedProblem(mapped, row);
          if (bad) throw new Error(`mapped: ${bad}`);
          const planned = planner.planChecked(
            mapped.user,
            checkRecord(mapped.user, mapped.problems, checkAlgorithmName),
          );
          const why = plannedProblem(planned, row);
          if (why) throw new Error(`planned: ${why}`);
        }),
        { seed, numRuns: 3_000 },
      );
      planner.finish();
    });
  }
});

describe('record mapper on values a JSON reader does not make', () => {
  it('reads prototype-named paths as missing, and describes a bigint instead of throwing', () => {
    const mapped = createRecordMapper(MAPPING)({ profile: { email: 'a@b.co' } }, 1, 'row 1');
    expect(mapped.user).toMatchObject({ email: 'a@b.co', emailVerified: true });
    expect(mapped.user.firstName).toBeUndefined();
    expect(mapped.user.metadata).toBeUndefined();
    const big = createRecordMapper(EMPTY_MAPPING)({ email: 'a@b.co', firstName: 10n }, 2, 'row 2');
    expect(big.problems).toMatchObject([{ row: 2, field: 'firstName', code: 'wrong_type' }]);
    expect(big.problems[0]!.message).toContain('bigint 10');
  });
});

describe('record mapper: the one pass over a record’s keys reads what the per-alias getters read', () => {
  /** Same keys and values, behind a prototype the pass does not take: the getters read it. */
  const behindPrototype = (record: Record<string, unknown>) =>
    // defineProperty, not assignment: a `__proto__` key stays an own key, as JSON.parse makes it.
    Object.defineProperties(
      Object.create({ inherited: 1 }) as Record<string, unknown>,
      Object.getOwnPropertyDescriptors(record),
    );
  for (const [name, mapping, seed] of [
    ['default aliases', EMPTY_MAPPING, 31],
    ['a mapping with dotted and prototype-named paths', MAPPING, 32],
  ] as const) {
    it(name, () => {
      const map = createRecordMapper(mapping);
      const aliases = fc.constantFrom(
        'email',
        'email_address',
        'emailAddress',
        'id',
        'uid',
        'local_id',
        'localId',
        'first_name',
        'given_name',
        'firstName',
        'salt',
        'password_salt',
        'passwordSalt',
        'provider',
        'oauthProvider',
        'passwordHash',
        'password_hash',
        'hashAlgorithm',
        'metadata',
        'email_verified',
        'x',
      );
      const value = fc.oneof(
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
      );
      const record = fc.oneof(recordArb, fc.dictionary(aliases, value));
      fc.assert(
        fc.property(record, (r) => {
          expect(map(r, 1, 'row 1')).toEqual(map(behindPrototype(r), 1, 'row 1'));
        }),
        { seed, numRuns: 3_000 },
      );
    });
  }
});
