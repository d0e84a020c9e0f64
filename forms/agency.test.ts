import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AGENCY_FIELD_LABELS,
  AGENCY_KINDS,
  CERTIFICATE_FIELD_LABELS,
  FIELD_LABELS,
  agencySchema,
  certificateSchema,
  certificateStatus,
  daysBetween,
  isIsoDate,
  isPhone,
} from './agency';
import { makeCreditCode } from './credit-code';
import { readNotice } from '../test/support/reference';


const squash = (s: string): string => s.replace(/\s+/g, '');

function messages(result: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }): string[] {
  return result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
}

describe('dates', () => {
  it('accepts only strict, real YYYY-MM-DD dates', () => {
    for (const ok of ['2024-07-23', '2024-02-29', '2000-02-29', '1999-12-31']) expect(isIsoDate(ok), ok).toBe(true);
    for (const bad of ['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-7-1', '2024/07/01', '2024-07-01T00:00', ' 2024-07-01', '', '0204-07-01', '２０２４-07-01'])
      expect(isIsoDate(bad), bad).toBe(false);
  });

  it('counts days across month, year and DST-ish boundaries', () => {
    expect(daysBetween('2024-07-01', '2024-07-23')).toBe(22);
    expect(daysBetween('2024-12-31', '2025-01-01')).toBe(1);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
    expect(daysBetween('2024-03-09', '2024-03-11')).toBe(2);
    expect(() => daysBetween('2024-02-30', '2024-03-01')).toThrow(RangeError);
  });
});

describe('certificateStatus', () => {
  it('uses inclusive 90/30-day windows and treats 有效日期 as the last valid day', () => {
    const today = '2024-07-01';
    expect(certificateStatus('2024-10-01', today)).toEqual({ level: 'ok', daysLeft: 92, label: '有效' });
    expect(certificateStatus('2024-09-30', today)).toEqual({ level: 'ok', daysLeft: 91, label: '有效' });
    expect(certificateStatus('2024-09-29', today)).toEqual({ level: 'expiring90', daysLeft: 90, label: '90 天内到期（剩 90 天）' });
    expect(certificateStatus('2024-08-01', today)).toEqual({ level: 'expiring90', daysLeft: 31, label: '90 天内到期（剩 31 天）' });
    expect(certificateStatus('2024-07-31', today)).toEqual({ level: 'expiring30', daysLeft: 30, label: '30 天内到期（剩 30 天）' });
    expect(certificateStatus('2024-07-01', today)).toEqual({ level: 'expiring30', daysLeft: 0, label: '30 天内到期（剩 0 天）' });
    expect(certificateStatus('2024-06-30', today)).toEqual({ level: 'expired', daysLeft: -1, label: '已过期 1 天' });
    expect(certificateStatus('2023-07-01', today)).toEqual({ level: 'expired', daysLeft: -366, label: '已过期 366 天' });
  });

  it('throws on malformed dates rather than guessing', () => {
    expect(() => certificateStatus('2024-02-30', '2024-01-01')).toThrow(RangeError);
    expect(() => certificateStatus('2024-03-01', '2024/01/01')).toThrow(RangeError);
  });

  it('level is a monotone function of daysLeft', () => {
    const rank = { expired: 0, expiring30: 1, expiring90: 2, ok: 3 } as const;
    fc.assert(
      fc.property(fc.integer({ min: -2000, max: 2000 }), fc.integer({ min: 0, max: 400 }), (offset, extra) => {
        const base = Date.UTC(2024, 6, 1);
        const iso = (d: number): string => new Date(base + d * 86_400_000).toISOString().slice(0, 10);
        const a = certificateStatus(iso(offset), '2024-07-01');
        const b = certificateStatus(iso(offset + extra), '2024-07-01');
        expect(a.daysLeft).toBe(offset);
        expect(rank[a.level]).toBeLessThanOrEqual(rank[b.level]);
      }),
    );
  });
});

describe('agencySchema', () => {
  const valid = {
    name: '上海市某某特种设备检测有限公司',
    address: '上海市浦东新区某某路 100 号',
    creditCode: ' 91310000607216596u ',
    legalRep: '张𠮷',
    legalRepPhone: '13800000000',
    contact: '李喆',
    contactPhone: '021-62345678转8001',
    district: '浦东新区',
    kind: '检测机构',
  };

  it('accepts a complete record and normalises the credit code', () => {
    const r = agencySchema.safeParse(valid);
    expect(messages(r)).toEqual([]);
    expect(r.data?.creditCode).toBe('91310000607216596U');
    expect(r.data?.name).toBe(valid.name);
  });

  it('optional phones/contact default to empty strings', () => {
    const { legalRepPhone: _a, contact: _b, contactPhone: _c, ...rest } = valid;
    const r = agencySchema.safeParse(rest);
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({ legalRepPhone: '', contact: '', contactPhone: '' });
  });

  it('names the field in every message', () => {
    const r = agencySchema.safeParse({
      name: '  ',
      address: 'x'.repeat(201),
      creditCode: '91310000607216596A',
      legalRep: undefined,
      legalRepPhone: '138-abc',
      contact: '',
      contactPhone: '12',
      district: '闸北区',
      kind: '认证机构',
    });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(r.error?.issues.map((i) => [String(i.path[0]), i.message]) ?? []);
    expect(byField).toEqual({
      name: '请填写法人单位名称',
      address: '单位地址不能超过 200 个字',
      creditCode: expect.stringContaining('统一社会信用代码校验码错误'),
      legalRep: '请填写法定代表人',
      legalRepPhone: expect.stringContaining('法定代表人联系电话格式不正确'),
      contactPhone: expect.stringContaining('联系电话格式不正确'),
      district: expect.stringContaining('请选择所在区'),
      kind: expect.stringContaining('请选择机构类别'),
    });
  });

  it('counts name length in code points, so astral characters are not double-counted', () => {
    expect(agencySchema.safeParse({ ...valid, name: '𠮷'.repeat(100) }).success).toBe(true);
    expect(agencySchema.safeParse({ ...valid, name: '𠮷'.repeat(101) }).success).toBe(false);
  });

  it('every AGENCY_KINDS value is accepted', () => {
    for (const kind of AGENCY_KINDS) expect(agencySchema.safeParse({ ...valid, kind }).success, kind).toBe(true);
  });

  it('phone layouts seen on letterheads', () => {
    for (const ok of ['021-62345678', '(021) 6234 5678', '+86 138 0000 0000', '62345678', '０２１－６２３４５６７８', '021-62345678-801', '400-820-8820'])
      expect(isPhone(ok), ok).toBe(true);
    for (const bad of ['', '123', '021-6234567a', '电话 62345678', '1380000000012345678'])
      expect(isPhone(bad), bad).toBe(false);
  });
});

describe('certificateSchema', () => {
  const valid = {
    orgName: '上海市某某特种设备检测有限公司',
    certNo: 'TS7310001-2027',
    issuer: '国家市场监督管理总局',
    issuedOn: '2023-03-15',
    validUntil: '2027-03-14',
  };

  it('accepts a valid certificate, including same-day issue and expiry', () => {
    expect(certificateSchema.safeParse(valid).success).toBe(true);
    expect(certificateSchema.safeParse({ ...valid, validUntil: valid.issuedOn }).success).toBe(true);
  });

  it('refuses issuedOn after validUntil, on the issuedOn field', () => {
    const r = certificateSchema.safeParse({ ...valid, issuedOn: '2027-03-15' });
    expect(r.error?.issues.map((i) => [i.path, i.message])).toEqual([[['issuedOn'], '发证日期不能晚于有效日期']]);
  });

  it('rejects non-calendar dates with the field name, without a spurious ordering error', () => {
    const r = certificateSchema.safeParse({ ...valid, issuedOn: '2023-02-29', validUntil: '2027/03/14', certNo: '' });
    expect(messages(r).sort()).toEqual([
      'certNo: 请填写证书编号',
      'issuedOn: 发证日期应为有效日期，格式 YYYY-MM-DD',
      'validUntil: 有效日期应为有效日期，格式 YYYY-MM-DD',
    ]);
  });

  it('missing fields are reported by name', () => {
    const r = certificateSchema.safeParse({});
    expect(messages(r).sort()).toEqual([
      'certNo: 请填写证书编号',
      'issuedOn: 请填写发证日期',
      'issuer: 请填写发证机关',
      'orgName: 请填写机构名称',
      'validUntil: 请填写有效日期',
    ]);
  });
});

describe('FIELD_LABELS', () => {
  it('exposes both maps and uses the notice wording', () => {
    expect(FIELD_LABELS.agency).toBe(AGENCY_FIELD_LABELS);
    expect(FIELD_LABELS.certificate).toBe(CERTIFICATE_FIELD_LABELS);
    const ref = squash(readNotice());
    for (const label of [
      AGENCY_FIELD_LABELS.name,
      AGENCY_FIELD_LABELS.address,
      AGENCY_FIELD_LABELS.legalRep,
      AGENCY_FIELD_LABELS.legalRepPhone,
      AGENCY_FIELD_LABELS.contact,
      AGENCY_FIELD_LABELS.contactPhone,
      ...Object.values(CERTIFICATE_FIELD_LABELS),
    ])
      expect(ref, label).toContain(label);
  });

  it('credit code validation comes from the shared module', () => {
    const code = makeCreditCode('12310000MA1FL0001');
    expect(agencySchema.shape.creditCode.safeParse(code).data).toBe(code);
  });
});

describe('forms/ purity', () => {
  // forms/ is imported by the renderer, the bundle and the CLI alike; a
  // node:, DOM or db dependency here would break at least one of them.
  const dir = dirname(fileURLToPath(import.meta.url));
  // Only the modules this suite owns; sibling modules carry their own guards.
  const OWN = ['agency.ts', 'attachment1.ts', 'attachment2.ts', 'attachment4.ts', 'credit-code.ts', 'districts.ts'];
  const sources = readdirSync(dir).filter((f) => OWN.includes(f));

  it('finds the module sources', () => {
    expect(sources.sort()).toEqual([...OWN].sort());
  });

  it.each(sources)('%s imports only zod, dayjs and siblings, and avoids any/DOM/node', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
    const dynamic = [...text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
    for (const spec of [...specifiers, ...dynamic]) {
      expect(spec === 'zod' || spec === 'dayjs' || spec.startsWith('dayjs/') || spec.startsWith('./'), `${file}: ${spec}`).toBe(true);
    }
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    expect(code, file).not.toMatch(/:\s*any\b|\bas any\b|<any>/);
    expect(code, file).not.toMatch(/(?<![.\w])(?:window|document|navigator|localStorage|process|Buffer|require)\s*[.(]/);
  });
});
