import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';
import { fingerprintOf, keyIdOf } from './keys';
import { verifyBundleText } from './format';

// The example in docs/bundle-format.md must stay a real, valid bundle as the code evolves.
const doc = fs.readFileSync(path.join(import.meta.dirname, '..', 'docs', 'bundle-format.md'), 'utf8');
const example = /<!-- example-bundle -->\s*```json\n(.*)\n```/.exec(doc)?.[1] ?? '';

describe('docs/bundle-format.md example', () => {
  it('verifies as a valid bundle', () => {
    const result = verifyBundleText(example);
    if (!result.ok) throw new Error(result.reason);
    expect(result.alg).toBe('ed25519');
    expect(doc).toContain(`\`${result.keyId}\``);
    expect(doc).toContain(fingerprintOf('ed25519', result.publicKey) ?? 'missing');
    expect(keyIdOf('ed25519', result.publicKey)).toBe(result.keyId);
  });

  it('shows the same bundle indented, which alone would be refused as re-formatted', () => {
    const blocks = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => m[1] ?? '');
    const pretty = blocks[1] ?? '';
    expect(canonicalJson(JSON.parse(pretty))).toBe(example);
    const result = verifyBundleText(pretty);
    expect(result.ok === false && result.code).toBe('NOT_CANONICAL');
  });
});
