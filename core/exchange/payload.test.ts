/**
 * The importer hands on parsed values that its schemas have checked, never zod's copies
 * (verify-1-read.ts, verify-2-chains.ts), and rebuilds them by JSON.parse after the verifier's worker has
 * checked a file (verify-all.ts). That is right only while these schemas change nothing.
 */
import { describe, expect, it } from 'vitest';
import { schemaChanges } from '../../test/support/zod-output';
import { actorText, appPayloadSchema, snapshotSchema } from './payload';

describe('the record schemas of a bundle', () => {
  it('only check: no transform, default or stripping anywhere', () => {
    expect(schemaChanges(appPayloadSchema)).toEqual([]);
    expect(schemaChanges(snapshotSchema)).toEqual([]);
  });
});

describe('actorText', () => {
  it('stores a person as the app writes one, whatever order the members arrived in', () => {
    const canonicalOrder = { badgeNo: '31000120001', name: '王春艳', unit: '上海市市场监督管理局' };
    expect(actorText(canonicalOrder)).toBe('{"name":"王春艳","badgeNo":"31000120001","unit":"上海市市场监督管理局"}');
  });
});
