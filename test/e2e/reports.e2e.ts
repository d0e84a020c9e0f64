/**
 * 报表 as a district bureau and 市局 meet it: on 宝山区's desk, 附件4 for a period computed
 * from its signed inspection, a number opened down to the record behind it, the 清单 worded,
 * Excel and PDF downloaded, and the report signed and 报送 as a file that `ducha report
 * verify` accepts and refuses once altered; on 市局's desk, that file imported in
 * 各单位报送 beside what 市局's own records give, a tampered copy refused.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { ATTACHMENT4_KEYS } from '../../forms/attachment4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUREAU_PROFILE, LAPTOP_PROFILE, makeSignedInspection } from '../support/signed-inspection';
import { runCli } from '../support/receiver-process';
import { tempDir } from '../support/temp-app';
import { caller, startE2e, type E2e } from './harness';
import { hides, shows } from './wait';

const AGENCY = '上海宝杨特种设备检测有限公司';
const DISTRICT_PROFILE = { ...LAPTOP_PROFILE, unit: '宝山区市场监督管理局', inspectingUnit: '宝山区' as const };
const YEAR = { from: '2026-01-01', to: '2026-12-31' };

async function settled(e: E2e): Promise<void> {
  await e.page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

function pageUrl(e: E2e, query: string): string {
  return e.host.url.replace('/#', `/?${query}#`);
}

describe('报表: 附件4 on a district desk, 报送, and 市局 side by side', () => {
  let district: E2e | null = null;
  let city: E2e | null = null;
  const files = tempDir('ducha-e2e-reports-');
  let inspectionId = '';
  let reportPath = '';
  let tamperedPath = '';

  beforeAll(async () => {
    district = await startE2e({ seed: true });
    ({ inspectionId } = await makeSignedInspection(caller(district), { agencyName: AGENCY, code17: '91310113MA1K2L3M4', inspectedOn: '2026-11-20', profile: DISTRICT_PROFILE }));
  });
  afterAll(async () => {
    await district?.close();
    await city?.close();
    fs.rmSync(files, { recursive: true, force: true });
  });

  it('shows the live figures for the chosen period and opens the records behind a number', async () => {
    if (!district) throw new Error('no district desk');
    const { page } = district;
    const api = caller(district);
    // The second half ends on 15 November: the inspection of the 20th is not in it.
    await page.goto(pageUrl(district, 'p=reports&from=2026-07-27&to=2026-11-15'));
    const heading = page.getByTestId('report-heading');
    await shows(heading);
    expect(await heading.textContent()).toContain('填报单位：宝山区市场监管局');
    expect(await heading.textContent()).toContain('统计期间：2026-07-27 至 2026-11-15');
    const second = await api.ok('reports/attachment4', { unit: '宝山区', from: '2026-07-27', to: '2026-11-15' });
    expect(second.counts.inspectedAgencies).toBe(0);
    expect((await page.getByTestId('a4-inspectedAgencies').textContent())?.trim()).toBe('0');

    await page.getByText('全年', { exact: true }).click();
    await shows(page.getByText('统计期间：2026-01-01 至 2026-12-31'));
    expect(new URL(page.url()).searchParams.get('from')).toBe('2026-01-01');
    const year = await api.ok('reports/attachment4', { unit: '宝山区', ...YEAR });
    expect(year.counts.inspectedAgencies).toBe(1);
    // Every number on the page is the one the service computes.
    for (const key of ATTACHMENT4_KEYS)
      expect((await page.getByTestId(`a4-${key}`).textContent())?.trim(), key).toBe(String(year.counts[key]));
    await page.getByText('附：统计图').scrollIntoViewIfNeeded();
    await shows(page.getByRole('img', { name: '受检机构得分分布' }).locator('svg'));
    await page.getByRole('img', { name: '受检机构得分分布' }).scrollIntoViewIfNeeded();
    await settled(district);
    await district.screenshot('reports-charts');
    await page.evaluate(() => window.scrollTo(0, 0));
    await settled(district);
    await district.screenshot('reports-district-year');

    await page.getByTestId('a4-inspectedAgencies').click();
    await shows(page.getByTestId('trace-count'));
    expect(await page.getByTestId('trace-count').textContent()).toBe('1');
    await settled(district);
    await district.screenshot('reports-trace');
    await page.getByRole('button', { name: new RegExp(`^打开 ${AGENCY}`) }).click();
    await page.waitForURL((u) => u.searchParams.get('p') === 'inspection' && u.searchParams.get('id') === inspectionId);
    await shows(page.getByText(AGENCY).first());
    expect(district.pageErrors).toEqual([]);
  });

  it('keeps a reworded 清单 and can go back to what the records say', async () => {
    if (!district) throw new Error('no district desk');
    const { page } = district;
    await page.goto(pageUrl(district, `p=reports&from=${YEAR.from}&to=${YEAR.to}`));
    const box = page.getByRole('textbox', { name: `${AGENCY} 整改情况说明` });
    await shows(box);
    const composed = (await box.inputValue()).trim();
    expect(composed).toContain('部分检验报告缺少审核人签字');
    await box.fill('已约谈机构负责人，限期 2026-12-20 前补齐审核人签字');
    await box.blur();
    await shows(page.getByText('已修改'));
    const saved = await caller(district).ok('reports/attachment4', { unit: '宝山区', ...YEAR });
    expect(saved.problemList[0]?.rectification).toBe('已约谈机构负责人，限期 2026-12-20 前补齐审核人签字');

    // A reload shows the saved text; 恢复 puts the composed one back.
    await page.reload();
    await shows(page.getByRole('textbox', { name: `${AGENCY} 整改情况说明` }));
    expect(await page.getByRole('textbox', { name: `${AGENCY} 整改情况说明` }).inputValue()).toContain('已约谈机构负责人');
    await page.getByRole('button', { name: '恢复为由记录生成的说明' }).click();
    await hides(page.getByText('已修改'));
    expect((await page.getByRole('textbox', { name: `${AGENCY} 整改情况说明` }).inputValue()).trim()).toBe(composed);

    // Keep a reworded text for 报送, so the signed file carries it.
    await page.getByRole('textbox', { name: `${AGENCY} 整改情况说明` }).fill('已约谈，限期整改');
    await page.getByRole('textbox', { name: `${AGENCY} 整改情况说明` }).blur();
    await shows(page.getByText('已修改'));
    expect(district.pageErrors).toEqual([]);
  });

  it('downloads the official Excel and PDF', async () => {
    if (!district) throw new Error('no district desk');
    const { page } = district;
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 Excel/ }).click()]);
    expect(xlsx.suggestedFilename()).toBe('附件4_宝山区市场监管局_2026-01-01_2026-12-31.xlsx');
    const xlsxPath = path.join(files, xlsx.suggestedFilename());
    await xlsx.saveAs(xlsxPath);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsxPath);
    const cells: string[] = [];
    book.worksheets[0]?.eachRow((row) => row.eachCell((c) => cells.push(String(c.text))));
    expect(cells.join('|')).toContain('已约谈，限期整改');
    expect(cells.join('|')).toContain('宝山区市场监管局');

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /导出 PDF/ }).click()]);
    expect(pdf.suggestedFilename()).toBe('附件4_宝山区市场监管局_2026-01-01_2026-12-31.pdf');
    const pdfPath = path.join(files, pdf.suggestedFilename());
    await pdf.saveAs(pdfPath);
    const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
    expect(text).toContain('统计表');
    expect(text).toContain('宝山区市场监管局');
    expect(district.pageErrors).toEqual([]);
  });

  it('报送 signs the report into a file that verifies, and an altered copy does not', async () => {
    if (!district) throw new Error('no district desk');
    const { page } = district;
    await page.getByRole('button', { name: /报送/ }).click();
    await shows(page.getByText('报送本期统计表？'));
    await settled(district);
    await district.screenshot('reports-submit-confirm');
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '签名并报送' }).click()]);
    expect(file.suggestedFilename()).toBe('附件4_宝山区市场监管局_2026-01-01_2026-12-31.ducha-report.json');
    reportPath = path.join(files, file.suggestedFilename());
    await file.saveAs(reportPath);
    await shows(page.getByText('本期已报送的报表'));
    const doc = JSON.parse(fs.readFileSync(reportPath, 'utf8')) as { counts: Record<string, number> };
    expect(doc.counts.inspectedAgencies).toBe(1);

    const verifyDir = tempDir('ducha-e2e-verify-');
    try {
      const ok = await runCli(['--data-dir', verifyDir, 'report', 'verify', reportPath]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('签名有效：宝山区市场监管局 2026-01-01 至 2026-12-31 的附件4');
      expect(ok.stdout).toContain('本机尚未信任该设备');
      tamperedPath = path.join(files, 'tampered.ducha-report.json');
      fs.writeFileSync(tamperedPath, fs.readFileSync(reportPath, 'utf8').replace('"inspectedAgencies":1', '"inspectedAgencies":3'));
      const bad = await runCli(['--data-dir', verifyDir, 'report', 'verify', tamperedPath]);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('签名验证失败');
    } finally {
      fs.rmSync(verifyDir, { recursive: true, force: true });
    }
    await settled(district);
    await district.screenshot('reports-submitted');
    expect(district.pageErrors).toEqual([]);
  });

  it('市局 imports the signed report in 各单位报送 and sees it beside its own records', async () => {
    if (!district) throw new Error('no district desk');
    city = await startE2e({});
    const desk = caller(city);
    await desk.ok('profile/save', BUREAU_PROFILE);
    await desk.ok('bundles/trustEnrollment', { text: (await caller(district).ok('keys/exportEnrollment', {})).text });
    const { page } = city;
    await page.goto(pageUrl(city, `p=reports&tab=received&from=${YEAR.from}&to=${YEAR.to}`));
    await shows(page.getByText('还没有导入任何单位报送的报表'));
    await page.locator('input[type=file]').setInputFiles([reportPath, tamperedPath]);
    await shows(page.getByText(/^已导入：宝山区市场监管局 2026-01-01 至 2026-12-31/));
    await shows(page.getByText('拒绝', { exact: true }));
    await shows(page.getByText('受信任的密钥', { exact: true }));
    // 市局's desk holds none of 宝山区's records: the reported 1 differs from the 0 computed here.
    expect((await page.getByTestId('city-inspectedAgencies').textContent())?.trim()).toBe('0');
    await shows(page.getByText(/处报送数与本机记录计算的结果不同/));
    expect(await page.locator('.a4-differs').count()).toBeGreaterThan(0);
    const received = await desk.ok('reports/received', YEAR);
    expect(received.reports.map((r) => r.unit)).toEqual(['宝山区']);
    expect(received.sum.inspectedAgencies).toBe(1);
    await settled(city);
    await city.screenshot('reports-city-received');
    // The refused copy is the one failed request the browser logs; nothing else went wrong.
    expect(city.pageErrors).toEqual(['Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
  });
});
