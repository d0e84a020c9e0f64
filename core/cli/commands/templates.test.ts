/**
 * `ducha templates …` and the totals `ducha inspections list` prints, run as the bureau
 * would: the real bin in a child process against a temp data folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE } from '../../../forms/scoring-template';
import { PROJECT_ROOT } from '../../paths';
import { tempDir } from '../../../test/support/temp-app';

const BIN = path.join(PROJECT_ROOT, 'bin', 'ducha.mjs');
let dataDir: string;

function ducha(...args: string[]) {
  return spawnSync(process.execPath, [BIN, '--data-dir', dataDir, ...args], { encoding: 'utf8', timeout: 60_000 });
}

function writeTemplate(name: string, body: unknown): string {
  const file = path.join(dataDir, name);
  fs.writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
}

const bureau = {
  id: 'sh-pudong',
  version: '2025.1',
  name: '浦东新区评分模板',
  items: DEFAULT_TEMPLATE.items.map((i) => ({ no: i.no, max: i.no === 1 ? 3 : i.no === 3 ? 3 : i.max })),
};

// Each test spawns the real CLI several times (~1 s each on a busy two-core machine).
beforeAll(() => {
  dataDir = tempDir('ducha-cli-templates-');
  execFileSync(process.execPath, [BIN, '--data-dir', dataDir, 'demo', 'seed'], { encoding: 'utf8' });
}, 60_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('ducha inspections list', () => {
  it('--json items carry the inspection totals; the table has a 得分 column', () => {
    const list = JSON.parse(ducha('inspections', 'list', '--json').stdout) as Record<string, unknown>[];
    const completed = list.find((i) => i.status === 'completed');
    expect(completed).toMatchObject({ scoredCount: 42, templateId: DEFAULT_TEMPLATE.id });
    for (const key of ['total', 'rescaled', 'raw', 'applicableMax', 'bonus']) expect(typeof completed?.[key]).toBe('number');
    const table = ducha('inspections', 'list').stdout;
    expect(table.split('\n')[0]).toContain('得分');
    expect(table).toContain(String(completed?.total));
    expect(table).toMatch(/（已评 15\/42）/);
  }, 60_000);
});

describe('ducha templates', () => {
  it('lists the built-in default, imports a bureau template and makes it the default', () => {
    const before = JSON.parse(ducha('templates', 'list', '--json').stdout) as { id: string; isDefault: boolean }[];
    expect(before).toEqual([expect.objectContaining({ id: DEFAULT_TEMPLATE.id, isDefault: true })]);

    const file = writeTemplate('pudong.json', bureau);
    const imported = ducha('templates', 'import', file, '--default');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toContain('已导入：浦东新区评分模板（sh-pudong，版本 2025.1），已设为默认模板');
    const again = ducha('templates', 'import', file);
    expect(again.stdout).toContain('内容相同，未重复导入');

    const table = ducha('templates', 'list').stdout;
    expect(table).toMatch(/sh-pudong\s+2025\.1\s+浦东新区评分模板\s+是\s+导入/);

    const back = ducha('templates', 'set-default', DEFAULT_TEMPLATE.id, DEFAULT_TEMPLATE.version);
    expect(back.status).toBe(0);
    expect(back.stdout).toContain('已有检查任务仍按原模板评分');
  }, 60_000);

  it('refuses bad files in Chinese with a non-zero exit, changing nothing', () => {
    const before = ducha('templates', 'list', '--json').stdout;
    const wrong = writeTemplate('wrong.json', { ...bureau, version: '2025.2', items: bureau.items.map((i) => (i.no === 2 ? { no: 2, max: 5 } : i)) });
    const r = ducha('templates', 'import', wrong);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/一级指标「资源条件」各项满分合计应为 10 分，模板中为 11 分/);

    const notJson = ducha('templates', 'import', writeTemplate('broken.json', '{"id": '));
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toMatch(/不是有效的 JSON/);

    const missing = ducha('templates', 'import', path.join(dataDir, 'nope.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/无法读取模板文件/);

    const changed = ducha('templates', 'import', writeTemplate('changed.json', { ...bureau, name: '改过的名称' }));
    expect(changed.status).toBe(1);
    expect(changed.stderr).toMatch(/已存在且内容不同/);

    const unknown = ducha('templates', 'set-default', 'nope', '1');
    expect(unknown.status).toBe(2);
    expect(ducha('templates', 'list', '--json').stdout).toBe(before);
  }, 60_000);
});
