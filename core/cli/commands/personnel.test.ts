/**
 * `ducha personnel …` and `ducha agencies import|export` run as a user runs
 * them: the real bin script in a child process against a temp data folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../paths';
import type { Checklist } from '../../contract/personnel';
import { openTempApp, tempDir } from '../../../test/support/temp-app';
import { OFFICIAL_HEADERS, agencyInput, rosterRows, xlsxBuffer } from '../../../test/support/roster-files';

const BIN = path.join(PROJECT_ROOT, 'bin', 'ducha.mjs');

let dataDir: string;
let work: string;
let agencyId: string;
let creditCode: string;

function ducha(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '--data-dir', dataDir, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function writeCsv(name: string, rows: string[][]): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, `\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}`);
  return file;
}

beforeAll(async () => {
  dataDir = tempDir('ducha-cli-');
  work = tempDir('ducha-cli-files-');
  const app = openTempApp({ dataDir });
  const a = await app.ok('agencies/save', agencyInput('上海堃龑𠮷检测技术有限公司'));
  app.close();
  agencyId = a.id;
  creditCode = a.creditCode;
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

describe('ducha personnel', () => {
  it('imports a CSV with 附件2 headers by credit code and lists it as JSON', () => {
    const file = writeCsv('good.csv', rosterRows(12, (i) => ['王喆', '李堃', '张龑', '𠮷田花子'][i % 4] + String(i)));
    const r = ducha('personnel', 'import', '--agency', creditCode.toLowerCase(), file);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('已导入 12 人到「上海堃龑𠮷检测技术有限公司」（替换原清单）');

    const list = ducha('personnel', 'list', '--agency', agencyId, '--json');
    expect(list.status).toBe(0);
    const c = JSON.parse(list.stdout) as Checklist;
    expect(c.persons).toHaveLength(12);
    expect(c.persons[3]?.name).toBe('𠮷田花子3');
    expect(c.counts.practisingProblems).toBe(2);
  });

  it('exits non-zero listing the bad rows and imports nothing', () => {
    const rows = rosterRows(5);
    rows[2] = ['2', '王喆', '是', '真', '是', ''];
    rows[4] = ['4', '', '是', '是', '是', ''];
    const r = ducha('personnel', 'import', '--agency', agencyId, writeCsv('bad.csv', rows));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('第 3 行：初次取证时提交的学历是否真实应填“是”、“否”或“—”（不涉及），实际为“真”');
    expect(r.stderr).toContain('第 5 行：请填写姓名');
    expect(r.stderr).toContain('未导入任何人员');
    const c = JSON.parse(ducha('personnel', 'list', '--agency', agencyId, '--json').stdout) as Checklist;
    expect(c.persons).toHaveLength(12);
  });

  it('refuses headers that are not the 附件2 ones, naming what it found', () => {
    const r = ducha('personnel', 'import', '--agency', agencyId, writeCsv('other.csv', [['名字', '部门'], ['王喆', '检测部']]));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('缺少附件2 列：是否在本单位真实执业');
    expect(r.stderr).toContain('找到的列：名字、部门');
  });

  it('refuses an unknown credit code and an invalid one', () => {
    expect(ducha('personnel', 'list', '--agency', '91310000MA1FL0000X').stderr).toMatch(/校验码错误|不合法/);
    const other = agencyInput('不存在');
    const r = ducha('personnel', 'list', '--agency', other.creditCode);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('找不到统一社会信用代码为');
  });

  it('imports XLSX and exports the 附件2 layout', async () => {
    const xlsx = path.join(work, 'roster.xlsx');
    fs.writeFileSync(xlsx, await xlsxBuffer({ 花名册: [OFFICIAL_HEADERS, ['1', '张龑', '是', '是', '否', '职称证书存疑']] }));
    const r = ducha('personnel', 'import', '--agency', agencyId, '--append', xlsx);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('追加到原清单');
    expect(r.stdout).toContain('清单共 13 人');
    const out = path.join(work, 'out.xlsx');
    expect(ducha('personnel', 'export', '--agency', agencyId, '--out', out).status).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
  });
});

describe('ducha agencies import|export', () => {
  it('round-trips the registry', () => {
    const out = path.join(work, 'registry.xlsx');
    const e = ducha('agencies', 'export', '--out', out);
    expect(e.status).toBe(0);
    const dry = ducha('agencies', 'import', '--dry-run', out);
    expect(dry.stdout).toContain('校验通过（未写入）：将新增 0 家、更新 1 家机构');
    expect(ducha('agencies', 'import', out).stdout).toContain('已新增 0 家、更新 1 家机构');
  });
});
