import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDeviceKey } from '../../bundle/keys';
import { PROJECT_ROOT } from '../paths';
import { GENESIS_HASH } from '../audit/chain';
import { anchorProblem, makeSeal, sealedText, sealProblem, sealSchema } from './seal';

const facts = { inspectionId: '0190a1b2-0000-7000-8000-000000000002', sha256: 'a'.repeat(64), auditSeq: 2, auditHead: 'b'.repeat(64) };
const chain = [
  { seq: 1, hash: 'c'.repeat(64), action: 'inspection.create', newValue: null },
  { seq: 2, hash: 'b'.repeat(64), action: 'item.save', newValue: { score: 3 } },
  { seq: 3, hash: 'd'.repeat(64), action: 'sign', newValue: { number: 1, sha256: 'a'.repeat(64) } },
];

describe('revision seals', () => {
  it('holds for the facts it was made over, with either algorithm, and for nothing else', () => {
    for (const alg of ['ed25519', 'sm2'] as const) {
      const seal = makeSeal(generateDeviceKey(alg), facts);
      expect(sealSchema.parse(seal)).toEqual(seal);
      expect(sealProblem(seal, facts.inspectionId, facts.sha256)).toBeNull();
      expect(sealProblem(seal, facts.inspectionId, 'e'.repeat(64))).toMatch(/无效/);
      expect(sealProblem({ ...seal, auditSeq: 1 }, facts.inspectionId, facts.sha256)).toMatch(/无效/);
      expect(sealProblem({ ...seal, keyId: '0'.repeat(16) }, facts.inspectionId, facts.sha256)).toMatch(/密钥编号/);
    }
    expect(sealProblem(null, facts.inspectionId, facts.sha256)).toBe('没有设备签章');
  });

  it('is anchored where its entry and the sign entry after it are in the chain', () => {
    const seal = makeSeal(generateDeviceKey('ed25519'), facts);
    expect(anchorProblem(seal, facts.sha256, chain)).toBeNull();
    expect(anchorProblem(seal, facts.sha256, chain.slice(0, 2))).toMatch(/缺少签署记录/);
    expect(anchorProblem(seal, facts.sha256, chain.slice(0, 1))).toMatch(/截断/);
    expect(anchorProblem(seal, facts.sha256, [chain[0]!, { ...chain[1]!, hash: 'f'.repeat(64) }, chain[2]!])).toMatch(/被改写/);
    expect(anchorProblem(seal, 'e'.repeat(64), chain)).toMatch(/不是该版本的签署记录/);
    const first = makeSeal(generateDeviceKey('ed25519'), { ...facts, auditSeq: 0, auditHead: GENESIS_HASH });
    expect(anchorProblem(first, facts.sha256, [{ ...chain[2]!, seq: 1 }])).toBeNull();
  });

  it('verifies the worked example of docs/bundle-format.md', () => {
    const doc = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'bundle-format.md'), 'utf8');
    const text = /sealed text:\n(\{.*\})\n/.exec(doc)?.[1];
    const seal = /\nseal:\n(\{.*\})\n/.exec(doc)?.[1];
    if (!text || !seal) throw new Error('the worked example is missing from docs/bundle-format.md');
    const f = JSON.parse(text) as typeof facts;
    expect(sealedText(f)).toBe(text);
    expect(sealProblem(sealSchema.parse(JSON.parse(seal)), f.inspectionId, f.sha256)).toBeNull();
  });
});
