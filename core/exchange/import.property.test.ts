/**
 * Property tests of the IMPORT path (the verifier's own property is in
 * bundle/format.property.test.ts):
 *  1. any change to a real exported bundle that its signature does not cover is
 *     refused, the importer never throws, and the bureau's data (every row of every
 *     table but the import log, every file of the data folder) stays exactly as it was;
 *  2. a sender holding a TRUSTED key who signs altered records is either refused with
 *     nothing written, or imported with the bureau's invariants intact: every revision
 *     hashes to its SHA-256, every audit chain verifies, every working copy equals its
 *     latest signed snapshot.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../bundle/canonical';
import { forgeBundle } from '../../test/support/forge-bundle';
import type { DeviceKey } from '../../bundle/keys';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import { BUREAU_PROFILE, makeSignedInspection } from '../../test/support/signed-inspection';
import { snapshotOf } from '../../test/support/exchange';
import { verifyAuditChain } from '../audit/chain';
import { deviceKey } from '../domain/device-key';
import { checkRevision } from './verify-2-chains';
import { importFiles, importMany } from './import';
import { assertFaithful } from './working-copy';
import { get, isLeaf, isObject, paths, pick, set, type Json } from '../../test/support/json-paths';


let laptop: TempApp;
let bureau: TempApp;
let original: string;
let key: DeviceKey;

beforeAll(async () => {
  laptop = openTempApp({ today: '2026-11-27' });
  bureau = openTempApp({ today: '2026-11-28' });
  await bureau.ok('profile/save', BUREAU_PROFILE);
  const { inspectionId } = await makeSignedInspection(laptop);
  const out = await laptop.ok('bundles/export', { inspectionIds: [inspectionId] });
  original = out.files[0]?.text ?? '';
  key = deviceKey(laptop.ctx);
  const enrollment = await laptop.ok('keys/exportEnrollment', {});
  await bureau.ok('bundles/trustEnrollment', { text: enrollment.text });
}, 60_000);
afterAll(() => {
  laptop.dispose();
  bureau.dispose();
});


/** Imports one text; never allowed to throw. */
function importText(text: string) {
  let results: ReturnType<typeof importFiles> | undefined;
  expect(() => {
    results = importFiles(bureau.ctx, [{ name: 'mutated.ducha.json', text }]);
  }).not.toThrow();
  const r = results?.[0];
  if (!r) throw new Error('no result');
  return r;
}

/** The original bundle with its records altered by `m`, signed by the trusted laptop key. */
function resignedWith(m: { apply: (payload: Json) => void }): string {
  const root = JSON.parse(original) as { header: Record<string, unknown>; payload: Json };
  m.apply(root.payload);
  const { payloadSha256: _h, bundleId: _b, ...header } = root.header;
  return forgeBundle({ header: { ...header, bundleId: crypto.randomUUID() }, payload: root.payload }, key);
}

/** Changes the bundle's signature does not cover. */
const mutations: fc.Arbitrary<{ kind: string; apply: (t: string) => string }>[] = [
  fc.record({ pos: fc.nat(), xor: fc.integer({ min: 1, max: 127 }) }).map(({ pos, xor }) => ({
    kind: 'flip a byte',
    apply: (t: string) => {
      const bytes = Buffer.from(t, 'utf8');
      const i = pos % bytes.length;
      bytes[i] = (bytes[i] as number) ^ xor;
      return bytes.toString('utf8');
    },
  })),
  fc.nat().map((n) => ({ kind: 'truncate', apply: (t: string) => t.slice(0, n % t.length) })),
  fc.record({ pos: fc.nat(), ws: fc.constantFrom(' ', '\n', '\t') }).map(({ pos, ws }) => ({
    kind: 'insert whitespace',
    apply: (t: string) => {
      const i = pos % (t.length + 1);
      return t.slice(0, i) + ws + t.slice(i);
    },
  })),
  fc.record({ at: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }).map(({ at, value }) => ({
    kind: 'replace a value, keeping the signature',
    apply: (t: string) => {
      const root = JSON.parse(t) as Json;
      const target = pick(paths(root, () => true).slice(1), at);
      fc.pre(canonicalJson(get(root, target)) !== canonicalJson(value as Json));
      set(root, target, value as Json);
      return canonicalJson(root);
    },
  })),
  fc.record({ obj: fc.nat(), k: fc.nat() }).map(({ obj, k }) => ({
    kind: 'delete a member',
    apply: (t: string) => {
      const root = JSON.parse(t) as Json;
      const o = get(root, pick(paths(root, (v) => isObject(v) && Object.keys(v).length > 0), obj)) as Record<string, Json>;
      delete o[pick(Object.keys(o).sort(), k)];
      return canonicalJson(root);
    },
  })),
  fc.record({ obj: fc.nat(), member: fc.nat() }).map(({ obj, member }) => ({
    kind: 'write a member twice',
    apply: (t: string) => {
      const root = JSON.parse(t) as Json;
      const o = get(root, pick(paths(root, (v) => isObject(v) && Object.keys(v).length > 0), obj)) as Record<string, Json>;
      const k = pick(Object.keys(o).sort(), member);
      const text = canonicalJson(o);
      const dup = `${JSON.stringify(k)}:${canonicalJson(o[k] as Json)},`;
      return t.replace(text, `{${dup}${text.slice(1)}`);
    },
  })),
  fc.uint8Array({ minLength: 64, maxLength: 64 }).map((sig) => ({
    kind: 'replace the signature',
    apply: (t: string) => {
      const root = JSON.parse(t) as { signature: string } & Json;
      root.signature = Buffer.from(sig).toString('base64');
      return canonicalJson(root);
    },
  })),
];

/** Changes to the records that a trusted sender then signs. */
const recordMutations: fc.Arbitrary<{ kind: string; apply: (payload: Json) => void }>[] = [
  fc.record({ at: fc.nat(), value: fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.boolean()) }).map(({ at, value }) => ({
    kind: 'change a record value',
    apply: (payload: Json) => {
      const target = pick(paths(payload, isLeaf, ['inspections']).concat(paths(payload, isLeaf, ['agencies'])), at);
      fc.pre(get(payload, target) !== value);
      set(payload, target, value as Json);
    },
  })),
  fc.record({ obj: fc.nat(), k: fc.nat() }).map(({ obj, k }) => ({
    kind: 'drop a record member',
    apply: (payload: Json) => {
      const o = get(payload, pick(paths(payload, (v) => isObject(v) && Object.keys(v).length > 0), obj)) as Record<string, Json>;
      delete o[pick(Object.keys(o).sort(), k)];
    },
  })),
  fc.record({ a: fc.nat(), b: fc.nat() }).map(({ a, b }) => ({
    kind: 'swap two record values',
    apply: (payload: Json) => {
      const leaves = paths(payload, isLeaf, ['inspections']);
      const pa = pick(leaves, a);
      const pb = pick(leaves, b);
      const va = get(payload, pa);
      const vb = get(payload, pb);
      fc.pre(canonicalJson(va) !== canonicalJson(vb));
      set(payload, pa, vb);
      set(payload, pb, va);
    },
  })),
  fc.record({ field: fc.constantFrom('name', 'address', 'legalRep', 'contact', 'contactPhone', 'legalRepPhone'), value: fc.string({ minLength: 1, maxLength: 20 }) }).map(
    ({ field, value }) => ({
      kind: 'change an agency detail',
      apply: (payload: Json) => {
        const target = ['agencies', 0, field];
        fc.pre(get(payload, target) !== value);
        set(payload, target, value);
      },
    }),
  ),
  fc.nat().map((n) => ({
    kind: 'drop an audit entry',
    apply: (payload: Json) => {
      const audit = get(payload, ['inspections', 0, 'audit']) as Json[];
      audit.splice(n % audit.length, 1);
    },
  })),
];

describe('unsigned changes to a real bundle never import anything', () => {

  it('500 mutations: refused with a Chinese reason, nothing written but the refusal in the import log', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.oneof(...mutations), (m) => {
        const mutated = m.apply(original);
        fc.pre(mutated !== original);
        const before = snapshotOf(bureau);
        const r = importText(mutated);
        expect(r.outcome).toBe('refused');
        expect(r.reason).toMatch(/[\u4e00-\u9fff]/);
        const after = snapshotOf(bureau);
        expect(after.rows).toBe(before.rows);
        expect(after.files).toEqual(before.files);
        expect(after.counts.bundle_imports).toBe((before.counts.bundle_imports ?? 0) + 1);
        seen.add(m.kind);
      }),
      { numRuns: 500 },
    );
    expect(seen.size).toBe(mutations.length);
  }, 180_000);
});

describe('a trusted sender signing altered records', () => {
  /** Every inspection on the bureau satisfies the invariants an import must keep. */
  function assertInvariants(): void {
    const db = bureau.ctx.store.sqlite;
    const ids = (db.prepare('SELECT id FROM inspections').all() as { id: string }[]).map((r) => r.id);
    for (const id of ids) {
      expect(verifyAuditChain(bureau.ctx.store, id).ok).toBe(true);
      const revs = db.prepare('SELECT * FROM revisions WHERE inspection_id = ? ORDER BY number').all(id) as {
        number: number;
        sha256: string;
        parent_sha256: string | null;
        canonical: string;
        reason: string;
        signed_at: string;
        signed_by: string;
      }[];
      for (const r of revs) expect(sha256Hex(r.canonical)).toBe(r.sha256);
      const last = revs[revs.length - 1];
      if (!last) continue;
      const snap = checkRevision(
        id,
        { number: JSON.parse(last.canonical).revision as number, sha256: last.sha256, parentSha256: last.parent_sha256, canonical: last.canonical, reason: last.reason, signedAt: last.signed_at, signedBy: JSON.parse(last.signed_by) },
        'latest',
      );
      expect(() => assertFaithful(bureau.ctx, id, snap, 'latest')).not.toThrow();
    }
  }


  it('200 re-signed alterations: refused with nothing written, or imported with every invariant holding', () => {
    const outcomes = new Map<string, number>();
    fc.assert(
      fc.property(fc.oneof(...recordMutations), (m) => {
        const text = resignedWith(m);
        // Each case starts from the same bureau: the accepted ones are rolled back afterwards.
        const db = bureau.ctx.store.sqlite;
        const before = snapshotOf(bureau);
        db.exec('SAVEPOINT property_case');
        try {
          const r = importText(text);
          outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
          expect(['imported', 'refused']).toContain(r.outcome);
          if (r.outcome === 'refused') {
            expect(r.reason).toMatch(/[\u4e00-\u9fff]/);
            const after = snapshotOf(bureau);
            expect(after.rows).toBe(before.rows);
            expect(after.counts.bundle_imports).toBe((before.counts.bundle_imports ?? 0) + 1);
          } else {
            assertInvariants();
          }
        } finally {
          db.exec('ROLLBACK TO property_case');
          db.exec('RELEASE property_case');
        }
      }),
      { numRuns: 200 },
    );
    // Both branches were exercised: most alterations are caught, harmless ones go in.
    expect(outcomes.get('refused') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('imported') ?? 0).toBeGreaterThan(0);
  }, 180_000);
});

describe('many files in one call, checked on the worker thread', () => {
  const extra: TempApp[] = [];
  afterAll(() => {
    for (const a of extra.splice(0)) a.dispose();
  });

  async function freshBureau(): Promise<TempApp> {
    const app = openTempApp({ today: '2026-11-28' });
    extra.push(app);
    await app.ok('profile/save', BUREAU_PROFILE);
    await app.ok('bundles/trustEnrollment', { text: (await laptop.ok('keys/exportEnrollment', {})).text });
    return app;
  }

  /** `count` samples of the arbitrary, each kept only when its precondition holds. */
  function sampled<T>(arb: fc.Arbitrary<T>, count: number, seed: number, make: (v: T) => string): string[] {
    const out: string[] = [];
    for (const v of fc.sample(arb, { numRuns: count * 3, seed })) {
      if (out.length === count) break;
      try {
        out.push(make(v));
      } catch (error) {
        if (!fc.PreconditionFailure.isFailure(error)) throw error;
      }
    }
    return out;
  }

  it('gives every file the verdict and reason it gets alone, and stores the same records', async () => {
    const texts = [
      ...sampled(fc.oneof(...mutations), 30, 317, (m) => m.apply(original)),
      original,
      ...sampled(fc.oneof(...recordMutations), 15, 2024, resignedWith),
      original,
    ].filter((t) => t !== '');
    const list = texts.map((text, i) => ({ name: `第${i + 1}个.ducha.json`, text }));
    const comparable = (rs: { outcome: string; reason: string }[]) => rs.map((r) => `${r.outcome} ${r.reason.replace(/\d{4}-\d{2}-\d{2}/g, 'DATE')}`);

    const alone = await freshBureau();
    const oneByOne = list.map((f) => importFiles(alone.ctx, [f])[0] as { outcome: string; reason: string });

    const batch = await freshBureau();
    const verifier = batch.ctx.verifier;
    if (!verifier) throw new Error('the bureau has no verifier');
    expect(await verifier.warm()).toBe(true);
    const together = await importMany(batch.ctx, list, verifier);

    expect(comparable(together)).toEqual(comparable(oneByOne));
    expect(oneByOne.filter((r) => r.outcome === 'refused').length).toBeGreaterThan(30);
    const stored = (app: TempApp) =>
      JSON.stringify(['agencies', 'inspections', 'revisions', 'inspection_items', 'audit_log'].map((t) => app.ctx.store.sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));
    expect(stored(batch)).toBe(stored(alone));
  }, 180_000);
});
