import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../bundle/canonical';
import { GENESIS_HASH, entryHash, entryHashMatches } from './chain';

const actor = fc.record({ badgeNo: fc.string(), name: fc.string(), unit: fc.string() });
const entry = fc.record({
  inspectionId: fc.uuid(),
  seq: fc.integer({ min: 1, max: 10_000 }),
  actor,
  at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  action: fc.string(),
  path: fc.string(),
  oldValue: fc.jsonValue(),
  newValue: fc.jsonValue(),
  prevHash: fc.constant(GENESIS_HASH),
});

/** The entry as it arrives in a bundle: every value parsed back from canonical text. */
function asParsedFromBundle<T>(value: T): T {
  return JSON.parse(canonicalJson(value)) as T;
}

describe('entryHashMatches', () => {
  it('agrees with entryHash on entries parsed from canonical text', () => {
    fc.assert(
      fc.property(entry, (e) => {
        const parsed = asParsedFromBundle(e);
        expect(entryHashMatches(parsed, entryHash(e))).toBe(true);
        expect(entryHashMatches(parsed, entryHash({ ...e, seq: e.seq + 1 }))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('still accepts the right hash when values are not in canonical order (the exact check decides)', () => {
    const e = {
      inspectionId: '0193a1b2-0000-7000-8000-000000000000',
      seq: 1,
      actor: { name: '王春艳', badgeNo: '31000120001', unit: '特种设备安全监察处' },
      at: '2026-11-27T02:00:00.000Z',
      action: 'item.save',
      path: 'items.1',
      oldValue: null,
      newValue: { score: 4, clauses: ['符合'] },
      prevHash: GENESIS_HASH,
    };
    expect(entryHashMatches(e, entryHash(e))).toBe(true);
    expect(entryHashMatches(e, entryHash({ ...e, path: 'items.2' }))).toBe(false);
  });

  it('gives exactly the verdict of entryHash, also for a hash made in JSON.stringify order', () => {
    // Keys that look like array indexes ("9", "10") are the one place where an object
    // parsed from canonical text does not keep its key order: JavaScript puts them first,
    // in numeric order, so JSON.stringify of it is not the canonical text.
    const indexKeyed = fc.dictionary(fc.oneof(fc.nat({ max: 20 }).map(String), fc.string({ maxLength: 3 })), fc.jsonValue({ maxDepth: 2 }), {
      maxKeys: 5,
    });
    const value = fc.oneof(fc.jsonValue(), indexKeyed, fc.array(indexKeyed, { maxLength: 3 }));
    const members = (e: { [k: string]: unknown }) => ({
      action: e.action,
      actor: e.actor,
      at: e.at,
      inspectionId: e.inspectionId,
      newValue: e.newValue,
      oldValue: e.oldValue,
      path: e.path,
      prevHash: e.prevHash,
      seq: e.seq,
    });
    fc.assert(
      fc.property(entry, value, value, (e, oldValue, newValue) => {
        const parsed = asParsedFromBundle({ ...e, oldValue, newValue });
        const canonical = entryHash(parsed);
        const stringified = sha256Hex(JSON.stringify(members(parsed)));
        expect(entryHashMatches(parsed, canonical)).toBe(true);
        expect(entryHashMatches(parsed, stringified)).toBe(stringified === canonical);
      }),
      { numRuns: 500 },
    );
    const e = asParsedFromBundle({ ...fc.sample(entry, 1)[0]!, newValue: { '10': 'a', '9': 'b' } });
    const forged = sha256Hex(JSON.stringify(members(e)));
    expect(forged).not.toBe(entryHash(e));
    expect(entryHashMatches(e, forged)).toBe(false);
  });

  it('refuses, without throwing, values JSON cannot say', () => {
    const e = { inspectionId: 'x', seq: 1, actor: { badgeNo: '', name: '', unit: '' }, at: '', action: '', path: '', oldValue: 1n, newValue: NaN, prevHash: GENESIS_HASH };
    expect(entryHashMatches(e, 'a'.repeat(64))).toBe(false);
  });
});
