import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../paths';
import { tempDir } from '../../test/support/temp-app';

const BIN = path.join(PROJECT_ROOT, 'bin', 'ducha.mjs');
let dataDir: string;

function ducha(...args: string[]) {
  return spawnSync(process.execPath, [BIN, '--data-dir', dataDir, ...args], { encoding: 'utf8', timeout: 60_000 });
}

beforeAll(() => {
  dataDir = tempDir('ducha-cli-');
  execFileSync(process.execPath, [BIN, '--data-dir', dataDir, 'demo', 'seed'], { encoding: 'utf8' });
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('ducha CLI', () => {
  it('forms show attachment3 --json prints exactly the 42 documented objects and nothing else', () => {
    const r = ducha('forms', 'show', 'attachment3', '--json');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(42);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['bonus', 'category', 'indicator', 'item', 'methods', 'no', 'points', 'requirements']);
    }
    expect(rows[0]).toMatchObject({ no: 1, category: '基础工作', indicator: '资源条件', points: 10, bonus: false, item: '人员' });
    expect(rows[41]).toMatchObject({ no: 42, category: '创新特色', points: 5, bonus: true });
    expect(rows[40]).toMatchObject({ no: 41, item: '' });
  });

  it('agencies list --json carries ids and credit codes; a second seed adds nothing', () => {
    const again = ducha('demo', 'seed', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ agenciesAdded: 0, inspectionsAdded: 0 });
    const r = ducha('agencies', 'list', '--json');
    expect(r.status).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; creditCode: string; district: string }[];
    expect(list.length).toBeGreaterThanOrEqual(5);
    expect(new Set(list.map((a) => a.district)).size).toBeGreaterThanOrEqual(5);
    for (const a of list) expect(a.creditCode).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
  });

  it('inspections list --json items carry id, agencyId and status', () => {
    const list = JSON.parse(ducha('inspections', 'list', '--json').stdout) as Record<string, unknown>[];
    expect(list.length).toBeGreaterThan(0);
    for (const i of list) expect(i).toEqual(expect.objectContaining({ id: expect.any(String), agencyId: expect.any(String), status: expect.any(String) }));
    // The demo shows every state of the lifecycle, and every record's audit chain holds.
    expect(new Set(list.map((i) => i.status))).toEqual(new Set(['draft', 'completed', 'signed', 'submitted']));
    const signed = list.find((i) => i.status === 'submitted') as { id: string };
    const audit = ducha('audit', 'verify', '--inspection', signed.id);
    expect(audit.status, audit.stderr).toBe(0);
  });

  it('--help lists the commands in Chinese; unknown commands exit non-zero', () => {
    const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const cmd of ['serve', 'demo', 'agencies', 'inspections', 'forms']) expect(help.stdout).toContain(cmd);
    expect(help.stdout).toContain('数据目录');
    const bad = ducha('frobnicate');
    expect(bad.status).not.toBe(0);
    const badForm = ducha('forms', 'show', 'attachment9');
    expect(badForm.status).toBe(2);
    expect(badForm.stderr).toContain('未知的表格');
  });
});
