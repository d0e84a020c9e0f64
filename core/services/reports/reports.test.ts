import { afterEach, describe, expect, it } from 'vitest';
import { openTempApp, type TempApp } from '../../../test/support/temp-app';
import { makeSignedInspection } from '../../../test/support/signed-inspection';

const H2 = { from: '2026-07-27', to: '2026-11-30' };
let apps: TempApp[] = [];
afterEach(() => {
  for (const a of apps) a.dispose();
  apps = [];
});
function app(): TempApp {
  const a = openTempApp({ today: '2026-11-30' });
  apps.push(a);
  return a;
}

describe('reports/* through the app', () => {
  it('counts a signed inspection for the unit the inspector’s profile names, with the records behind it', async () => {
    const a = app();
    const { inspectionId, agencyId } = await makeSignedInspection(a, { inspectedOn: '2026-11-20' });
    // The laptop profile's 所在单位 is 上海市市场监督管理局特种设备安全监察处: 市局.
    const city = await a.ok('reports/attachment4', { unit: '市局', ...H2, includeTrace: true });
    expect(city.counts.inspectedAgencies).toBe(1);
    expect(city.trace?.inspectedAgencies).toEqual([inspectionId]);
    // Not 宝山区's: the agency is registered there, but 市局 inspected it.
    expect((await a.ok('reports/attachment4', { unit: '宝山区', ...H2 })).counts.inspectedAgencies).toBe(0);
    const listed = await a.ok('reports/trace', { unit: '市局', ...H2, key: 'inspectedAgencies' });
    expect(listed).toMatchObject({ caption: '开展检验检测质量监督检查的机构数量（家）', count: 1, rows: [{ id: inspectionId, agencyId, inspectionId }] });
    // Outside the period: nothing.
    expect((await a.ok('reports/attachment4', { unit: '市局', from: '2026-01-01', to: '2026-07-26' })).counts.inspectedAgencies).toBe(0);
    // The charts read the same inspection: every item at its maximum, 100 plus the 5 of 创新特色.
    expect(city.charts.scoreBands.filter((b) => b.count > 0)).toEqual([{ label: '100 分以上', count: 1 }]);
    expect(city.charts.indicatorRates).toHaveLength(8);
    expect(city.charts.indicatorRates.every((r) => r.rate !== null && r.rate > 0 && r.rate <= 1)).toBe(true);
  });

  it('keeps the bureau’s 清单 edits until emptied, then follows the records again', async () => {
    const a = app();
    const { agencyId } = await makeSignedInspection(a, { inspectedOn: '2026-11-20' });
    const before = await a.ok('reports/attachment4', { unit: '市局', ...H2 });
    const row = before.problemList.find((r) => r.agencyId === agencyId);
    expect(row?.problem).toContain('2026-11-20 检查发现');
    await a.ok('reports/saveText', { unit: '市局', ...H2, agencyId, field: 'rectification', text: '已约谈，限期整改' });
    const edited = (await a.ok('reports/attachment4', { unit: '市局', ...H2 })).problemList.find((r) => r.agencyId === agencyId);
    expect(edited?.rectification).toBe('已约谈，限期整改');
    expect(edited?.composedRectification).toBe(row?.rectification);
    await a.ok('reports/saveText', { unit: '市局', ...H2, agencyId, field: 'rectification', text: '' });
    expect((await a.ok('reports/attachment4', { unit: '市局', ...H2 })).problemList.find((r) => r.agencyId === agencyId)?.rectification).toBe(row?.rectification);
    expect((await a.fail('reports/saveText', { unit: '市局', ...H2, agencyId: 'nope', field: 'problem', text: 'x' })).code).toBe('NOT_FOUND');
  });

  it('报送 signs a report that verifies, refuses a tampered copy, and is filed once at 市局 only from a trusted key', async () => {
    const district = app();
    await makeSignedInspection(district, { inspectedOn: '2026-11-20' });
    const submitted = await district.ok('reports/submit', { unit: '市局', ...H2 });
    const text = Buffer.from(submitted.file.contentBase64, 'base64').toString('utf8');
    expect(submitted.fileName).toBe('附件4_上海市市场监督管理局_2026-07-27_2026-11-30.ducha-report.json');
    const ownCheck = await district.ok('reports/verify', { text });
    expect(ownCheck).toMatchObject({ ok: true, report: { reportId: submitted.reportId, trust: 'own', sha256: submitted.sha256 } });
    const doc = JSON.parse(text) as { counts: Record<string, number> };
    expect(doc.counts.inspectedAgencies).toBe(1);

    const tampered = text.replace('"inspectedAgencies":1', '"inspectedAgencies":2');
    expect(tampered).not.toBe(text);
    expect(await district.ok('reports/verify', { text: tampered })).toMatchObject({ ok: false, reason: expect.stringContaining('签名验证失败') });

    const city = app();
    await city.ok('profile/save', { name: '陈立', badgeNo: '31000100003', unit: '上海市市场监督管理局' });
    expect((await city.fail('reports/import', { text })).code).toBe('FORBIDDEN');
    const enrollment = await district.ok('keys/exportEnrollment', {});
    await city.ok('bundles/trustEnrollment', { text: enrollment.text });
    expect(await city.ok('reports/import', { text })).toMatchObject({ duplicate: false, report: { trust: 'trusted' } });
    expect(await city.ok('reports/import', { text })).toMatchObject({ duplicate: true });
    expect((await city.fail('reports/import', { text: tampered })).code).toBe('INTEGRITY');

    const side = await city.ok('reports/received', H2);
    expect(side.reports).toHaveLength(1);
    expect(side.sum.inspectedAgencies).toBe(1);
    // 市局's own database holds no inspection: every nonzero reported number is a difference.
    expect(side.city.inspectedAgencies).toBe(0);
    expect(side.differences).toContainEqual(expect.objectContaining({ unit: '市局', key: 'inspectedAgencies', reported: 1, computed: 0 }));

    // The submitted report prints as sent; the live one as a draft. Both name the unit and period.
    const xlsx = await district.ok('reports/export', { unit: '市局', ...H2, format: 'xlsx' });
    expect(xlsx.fileName).toBe('附件4_上海市市场监督管理局_2026-07-27_2026-11-30.xlsx');
    expect(Buffer.from(xlsx.contentBase64, 'base64').subarray(0, 2).toString('latin1')).toBe('PK');
    const pdf = await district.ok('reports/export', { unit: '市局', ...H2, format: 'pdf', reportId: submitted.reportId });
    expect(pdf.fileName).toBe('附件4_上海市市场监督管理局_2026-07-27_2026-11-30.pdf');
    expect(Buffer.from(pdf.contentBase64, 'base64').toString('latin1')).toContain(submitted.sha256.slice(0, 8));

    const eml = await district.ok('reports/exportSubmitted', { reportId: submitted.reportId, as: 'eml', to: 'tsc@example.cn' });
    const mail = Buffer.from(eml.contentBase64, 'base64').toString('utf8');
    expect(eml.fileName.endsWith('.eml')).toBe(true);
    expect(mail).toContain('To: ');
    expect(mail).toContain(Buffer.from(text, 'utf8').toString('base64').slice(0, 60));
  });
});
