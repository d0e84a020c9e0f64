/**
 * The importer hands on parsed values that its schemas have checked, never zod's copies
 * (verify-1-read.ts, verify-2-chains.ts), and rebuilds them by JSON.parse after the verifier's worker has
 * checked a file (verify-all.ts). That is right only while these schemas change nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schemaChanges } from '../../test/support/zod-output';
import { actorText, appPayloadSchema, describePayloadIssue, isStoredTime, snapshotSchema } from './payload';

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

describe('isStoredTime', () => {
  it('takes only the form the app records (Date#toISOString), which sorts as time does', () => {
    expect(isStoredTime('2026-11-27T02:30:00.000Z')).toBe(true);
    for (const t of ['~~~~', '2026-11-27T02:30:00Z', '2026-11-27T10:30:00.000+08:00', '2026-02-30T02:30:00.000Z', '2026-11-27 02:30:00.000Z', ' 2026-11-27T02:30:00.000Z']) {
      expect(isStoredTime(t), t).toBe(false);
    }
  });

  it('gives the verdict of new Date(t).toISOString() === t for every text of that shape', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const shaped = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), two(99), two(99), two(99), two(99), two(99), fc.integer({ min: 0, max: 999 }))
      .map(([y, mo, d, h, mi, s, ms]) => `${String(y).padStart(4, '0')}-${mo}-${d}T${h}:${mi}:${s}.${String(ms).padStart(3, '0')}Z`);
    const real = fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((d) => d.toISOString());
    const byDate = (t: string) => {
      const ms = Date.parse(t);
      return Number.isFinite(ms) && new Date(ms).toISOString() === t;
    };
    fc.assert(
      fc.property(fc.oneof(shaped, real), (t) => {
        expect(isStoredTime(t)).toBe(byDate(t));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('describePayloadIssue', () => {
  const payload = {
    agencies: [{ id: 'a', name: '上海某检测有限公司', personnel: { persons: [{ name: '王'.repeat(60) }] } }],
    inspections: [{ agencyId: 'a', inspectedOn: '2026-11-27', revisions: [{ number: 2 }], audit: [{}] }],
    evidence: [],
  };
  const issue = (path: PropertyKey[], message: string) => ({ code: 'custom' as const, path, message, input: undefined });

  it('names the record and the field, as the field is called inside that record, with its path', () => {
    expect(describePayloadIssue(payload, issue(['agencies', 0, 'personnel', 'persons', 0, 'name'], '姓名不能超过 50 个字'))).toBe(
      '机构「上海某检测有限公司」的附件2 排查清单第 1 人：姓名不能超过 50 个字（字段 payload.agencies.0.personnel.persons.0.name）',
    );
    expect(describePayloadIssue(payload, issue(['inspections', 0, 'audit', 0, 'at'], '应为督查台记录的时间'))).toBe(
      '「上海某检测有限公司 2026-11-27」的检查（数据包中第 1 项检查）的操作日志第 1 条的操作时间：应为督查台记录的时间（字段 payload.inspections.0.audit.0.at）',
    );
    expect(describePayloadIssue(payload, issue(['inspections', 0, 'revisions', 0, 'signedBy', 'name'], '请填写姓名'))).toContain('的检查（数据包中第 1 项检查）第 2 版的姓名：请填写姓名');
  });

  it('says which unknown fields a record carries', () => {
    const unknown = { code: 'unrecognized_keys' as const, keys: ['extra'], path: ['agencies', 0], message: '', input: undefined };
    expect(describePayloadIssue(payload, unknown)).toBe('机构「上海某检测有限公司」：含有格式 v1 之外的字段（extra）（字段 payload.agencies.0）');
  });
});

describe('the payload schema', () => {
  const empty = { agencies: [], inspections: [], evidence: [] };
  const file = { sha256: 'a'.repeat(64), mediaType: 'image/png', base64: 'iVBORw0KGgo=' };

  it('keeps an evidence-only bundle to files, numbered within its parts', () => {
    const part = { ...empty, evidence: [file], partOf: { bundleId: '01900000-0000-7000-8000-000000000001', part: 1, parts: 1 } };
    expect(appPayloadSchema.safeParse(part).success).toBe(true);
    expect(appPayloadSchema.safeParse({ ...part, partOf: { ...part.partOf, part: 2 } }).error?.issues[0]?.path).toEqual(['partOf', 'part']);
    expect(appPayloadSchema.safeParse({ ...part, partOf: { ...part.partOf, parts: 1e15 } }).success).toBe(false);
    expect(appPayloadSchema.safeParse({ ...part, evidence: [file, file] }).error?.issues[0]?.path).toEqual(['evidence', 1, 'sha256']);
  });

  it('refuses, outside an evidence-only bundle, a file no revision shows', () => {
    expect(appPayloadSchema.safeParse({ ...empty, evidence: [file] }).error?.issues[0]).toMatchObject({ path: ['evidence', 0, 'sha256'] });
  });
});
