import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from './canonical';
import { buildBundle, verifyBundleText, type BundleVerifyCode } from './format';
import { generateDeviceKey, type DeviceKey } from './keys';
import { sampleInspector, samplePayload } from '../test/support/bundle-sample';
import { get, isLeaf, isObject, paths, pick, set, type Json } from '../test/support/json-paths';

/**
 * Property: no mutation of a valid bundle is accepted, and verification never throws —
 * every mutated file comes back as a refusal with a known code and a Chinese reason.
 */


const CODES: BundleVerifyCode[] = ['TOO_LARGE', 'INVALID_JSON', 'DUPLICATE_KEY', 'TOO_DEEP', 'SCHEMA', 'UNKNOWN_VERSION', 'PAYLOAD_HASH', 'SIGNATURE', 'EVIDENCE_HASH', 'NOT_CANONICAL'];

const photo = new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
const keys = { ed25519: generateDeviceKey('ed25519'), sm2: generateDeviceKey('sm2') };
const other = { ed25519: generateDeviceKey('ed25519'), sm2: generateDeviceKey('sm2') };

function bundleFor(key: DeviceKey): string {
  return buildBundle({ header: { appVersion: '0.1.0', inspector: sampleInspector() }, payload: samplePayload(1, { evidence: [photo] }) }, key);
}


/** Canonical-looking text with one object member written twice. */
function withDuplicate(root: Json, target: number, member: number, sameValue: boolean): string {
  let seen = -1;
  const ser = (v: Json): string => {
    if (Array.isArray(v)) return `[${v.map(ser).join(',')}]`;
    if (!isObject(v)) return canonicalJson(v);
    seen++;
    const members = Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${ser(v[k] as Json)}`);
    if (seen === target && members.length > 0) {
      const m = pick(members, member);
      const dup = sameValue ? m : m.slice(0, m.indexOf(':') + 1) + 'null';
      members.splice(member % (members.length + 1), 0, dup);
    }
    return `{${members.join(',')}}`;
  };
  return ser(root);
}

type Mutation = { kind: string; apply: (text: string, key: DeviceKey, otherKey: DeviceKey) => string | Uint8Array };

const mutations: fc.Arbitrary<Mutation>[] = [
  fc.record({ pos: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }).map(({ pos, xor }) => ({
    kind: 'flip a byte',
    apply: (text) => {
      const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
      const i = pos % bytes.length;
      bytes[i] = (bytes[i] as number) ^ xor;
      return bytes;
    },
  })),
  fc.nat().map((n) => ({
    kind: 'truncate',
    apply: (text) => {
      const bytes = Buffer.from(text, 'utf8');
      return new Uint8Array(bytes.subarray(0, n % bytes.length));
    },
  })),
  fc.record({ obj: fc.nat(), key: fc.nat() }).map(({ obj, key }) => ({
    kind: 'delete a key',
    apply: (text) => {
      const root = JSON.parse(text) as Json;
      const target = pick(paths(root, (v) => isObject(v) && Object.keys(v).length > 0), obj);
      const o = get(root, target) as Record<string, Json>;
      delete o[pick(Object.keys(o).sort(), key)];
      return canonicalJson(root);
    },
  })),
  fc.record({ obj: fc.nat(), member: fc.nat(), same: fc.boolean() }).map(({ obj, member, same }) => ({
    kind: 'duplicate a key',
    apply: (text) => {
      const root = JSON.parse(text) as Json;
      const count = paths(root, isObject).length;
      return withDuplicate(root, obj % count, member, same);
    },
  })),
  fc.record({ field: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }).map(({ field, value }) => ({
    kind: 'change a header field',
    apply: (text) => {
      const root = JSON.parse(text) as Json;
      const target = pick(paths(root, isLeaf, ['header']), field);
      fc.pre(canonicalJson(get(root, target)) !== canonicalJson(value as Json));
      set(root, target, value as Json);
      return canonicalJson(root);
    },
  })),
  fc.record({ a: fc.nat(), b: fc.nat() }).map(({ a, b }) => ({
    kind: 'swap two payload values',
    apply: (text) => {
      const root = JSON.parse(text) as Json;
      const leaves = paths(root, isLeaf, ['payload']);
      const pa = pick(leaves, a);
      const pb = pick(leaves, b);
      const va = get(root, pa);
      const vb = get(root, pb);
      fc.pre(canonicalJson(va) !== canonicalJson(vb));
      set(root, pa, vb);
      set(root, pb, va);
      return canonicalJson(root);
    },
  })),
  fc.record({ at: fc.nat(), value: fc.jsonValue({ maxDepth: 3 }) }).map(({ at, value }) => ({
    kind: 'replace a payload value',
    apply: (text) => {
      const root = JSON.parse(text) as Json;
      const target = pick(paths(root, () => true, ['payload']).slice(1), at);
      fc.pre(canonicalJson(get(root, target)) !== canonicalJson(value as Json));
      set(root, target, value as Json);
      return canonicalJson(root);
    },
  })),
  fc.record({ leaf: fc.nat(), depth: fc.integer({ min: 1, max: 300 }) }).map(({ leaf, depth }) => ({
    kind: 'nest deeply',
    apply: (text) => {
      const root = JSON.parse(text) as Json;
      const target = pick(paths(root, isLeaf), leaf);
      let v = get(root, target);
      for (let i = 0; i < depth; i++) v = [v];
      set(root, target, v);
      return canonicalJson(root);
    },
  })),
  fc.record({ change: fc.nat(), alsoFixHash: fc.boolean() }).map(({ change, alsoFixHash }) => ({
    kind: 'change the evidence',
    apply: (text) => {
      const root = JSON.parse(text) as { header: Record<string, Json>; payload: { evidence: { sha256: string; base64: string; mediaType: string }[] } } & Json;
      const e = root.payload.evidence[0];
      if (!e) throw new Error('sample has evidence');
      const bytes = Buffer.from(e.base64, 'base64');
      bytes[change % bytes.length] = (bytes[change % bytes.length] as number) ^ 1;
      if (change % 3 === 0) e.base64 = bytes.toString('base64');
      else if (change % 3 === 1) e.sha256 = sha256Hex(bytes);
      else e.mediaType = 'image/png';
      // An attacker who also fixes the payload hash still cannot fix the signature.
      if (alsoFixHash) root.header.payloadSha256 = sha256Hex(canonicalJson(root.payload));
      return canonicalJson(root);
    },
  })),
  fc.record({ leaf: fc.nat(), value: fc.string({ minLength: 1 }) }).map(({ leaf, value }) => ({
    kind: 're-sign with another key, keeping the header key',
    apply: (text, _key, otherKey) => {
      const root = JSON.parse(text) as { header: Json; payload: Json; signature: string } & Json;
      const target = pick(paths(root, (v) => typeof v === 'string', ['payload']), leaf);
      fc.pre(get(root, target) !== value);
      set(root, target, value);
      (root.header as Record<string, Json>).payloadSha256 = sha256Hex(canonicalJson(root.payload));
      root.signature = Buffer.from(otherKey.sign(Buffer.from(canonicalJson(root.header)))).toString('base64');
      return canonicalJson(root);
    },
  })),
  fc.uint8Array({ minLength: 64, maxLength: 64 }).map((sig) => ({
    kind: 'replace the signature',
    apply: (text) => {
      const root = JSON.parse(text) as { signature: string } & Json;
      root.signature = Buffer.from(sig).toString('base64');
      return canonicalJson(root);
    },
  })),
  fc.record({ pos: fc.nat(), ws: fc.constantFrom(' ', '\n', '\t', '\r\n') }).map(({ pos, ws }) => ({
    kind: 'insert whitespace',
    apply: (text) => {
      const i = pos % (text.length + 1);
      return text.slice(0, i) + ws + text.slice(i);
    },
  })),
  fc.record({ obj: fc.nat(), name: fc.string({ minLength: 1, maxLength: 8 }), value: fc.jsonValue({ maxDepth: 1 }) }).map(({ obj, name, value }) => ({
    kind: 'add a field',
    apply: (text) => {
      const root = JSON.parse(text) as Json;
      const o = get(root, pick(paths(root, isObject), obj)) as Record<string, Json>;
      fc.pre(!(name in o));
      o[name] = value as Json;
      return canonicalJson(root);
    },
  })),
];

function check(key: DeviceKey, otherKey: DeviceKey, numRuns: number): Map<string, Map<string, number>> {
  const original = bundleFor(key);
  expect(verifyBundleText(original).ok).toBe(true);
  const seen = new Map<string, Map<string, number>>();
  fc.assert(
    fc.property(fc.oneof(...mutations), (mutation) => {
      const mutated = mutation.apply(original, key, otherKey);
      const same = typeof mutated === 'string' ? mutated === original : Buffer.from(mutated).equals(Buffer.from(original));
      fc.pre(!same);
      let result: ReturnType<typeof verifyBundleText> | undefined;
      expect(() => {
        result = verifyBundleText(mutated);
      }).not.toThrow();
      if (result === undefined) throw new Error('no result');
      if (result.ok) throw new Error(`accepted a mutated bundle (${mutation.kind})`);
      expect(CODES).toContain(result.code);
      expect(result.reason).toMatch(/[\u4e00-\u9fff]/);
      const byCode = seen.get(mutation.kind) ?? new Map<string, number>();
      byCode.set(result.code, (byCode.get(result.code) ?? 0) + 1);
      seen.set(mutation.kind, byCode);
    }),
    { numRuns },
  );
  return seen;
}

describe('mutated bundles are never accepted and never crash the verifier', () => {
  it('Ed25519 bundle, 3000 mutations', () => {
    const seen = check(keys.ed25519, other.ed25519, 3000);
    // Every kind of mutation was actually exercised.
    expect(seen.size).toBe(mutations.length);
    // And they were refused for the reasons one expects, not all by one early check.
    const codes = new Set([...seen.values()].flatMap((m) => [...m.keys()]));
    for (const code of ['INVALID_JSON', 'DUPLICATE_KEY', 'TOO_DEEP', 'SCHEMA', 'PAYLOAD_HASH', 'SIGNATURE', 'NOT_CANONICAL']) expect(codes).toContain(code);
  }, 120_000);

  it('SM2/SM3 bundle, 300 mutations', () => {
    const seen = check(keys.sm2, other.sm2, 300);
    expect(seen.size).toBeGreaterThan(5);
  }, 120_000);
});
