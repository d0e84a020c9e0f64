/**
 * The quarantine is bounded: anyone can make a key, and every valid file from an
 * unknown key would otherwise be kept whole. Past the limits the oldest held bundles
 * are dropped, each with its line in the import log.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgeBundle } from '../../test/support/forge-bundle';
import { BUREAU_PROFILE, LAPTOP_PROFILE } from '../../test/support/signed-inspection';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import { deviceKey } from '../domain/device-key';
import { limitsText, overflowOf, QUARANTINE_LIMITS, quarantineFile } from './quarantine';

let laptop: TempApp;
let bureau: TempApp;

beforeEach(async () => {
  laptop = openTempApp();
  bureau = openTempApp();
  await laptop.ok('profile/save', LAPTOP_PROFILE);
  await bureau.ok('profile/save', BUREAU_PROFILE);
});
afterEach(() => {
  laptop.dispose();
  bureau.dispose();
});

/** The n-th small valid bundle from the laptop's key, which the bureau has not trusted. */
function bundle(n: number): { name: string; text: string; bundleId: string } {
  const bundleId = `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
  return { name: `第${n}个.ducha.json`, bundleId, text: forgeBundle({ header: { bundleId }, payload: { agencies: [], inspections: [], evidence: [] } }, deviceKey(laptop.ctx)) };
}

describe('the quarantine limits', () => {
  it('past the count for one key, drops the oldest held bundle and says so in the import log', async () => {
    const files = Array.from({ length: QUARANTINE_LIMITS.filesPerKey + 1 }, (_, i) => bundle(i + 1));
    // One file at a time, as they arrive on different days.
    for (const f of files.slice(0, -1)) {
      const { results } = await bureau.ok('bundles/import', { files: [{ name: f.name, text: f.text }] });
      expect(results[0]?.outcome).toBe('quarantined');
    }
    const first = files[0];
    if (!first) throw new Error('no files');
    expect(fs.existsSync(quarantineFile(bureau.dataDir, first.bundleId))).toBe(true);

    const last = files.at(-1);
    if (!last) throw new Error('no files');
    const { results } = await bureau.ok('bundles/import', { files: [{ name: last.name, text: last.text }] });
    expect(results[0]?.outcome).toBe('quarantined');

    const held = await bureau.ok('bundles/quarantine', {});
    expect(held).toHaveLength(QUARANTINE_LIMITS.filesPerKey);
    expect(held.map((q) => q.bundleId)).toEqual(files.slice(1).map((f) => f.bundleId));
    expect(fs.existsSync(quarantineFile(bureau.dataDir, first.bundleId))).toBe(false);
    const log = await bureau.ok('bundles/imports', {});
    const dropped = log.filter((r) => r.bundleId === first.bundleId && r.outcome === 'refused');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ fileName: first.name });
    expect(dropped[0]?.reason).toContain('已从隔离区删除最早的这个数据包');
    expect(dropped[0]?.reason).toContain(limitsText());
    // Dropped, not imported: offered again once the key is trusted, it imports.
    await bureau.ok('bundles/trustKey', { keyId: deviceKey(laptop.ctx).keyId });
    const again = await bureau.ok('bundles/import', { files: [{ name: first.name, text: first.text }] });
    expect(again.results[0]?.outcome).toBe('imported');
  });

  it('refuses to hold a file larger than one key may keep, keeping what is held', () => {
    const limits = { filesPerKey: 3, bytesPerKey: 100, bytesTotal: 250 };
    expect(overflowOf([], { keyId: 'k', bytes: 101 }, limits)).toEqual({ fits: false, drop: [] });
  });

  it('past the bytes for one key, drops that key’s oldest; past the total, anyone’s oldest', () => {
    const limits = { filesPerKey: 3, bytesPerKey: 100, bytesTotal: 250 };
    const a1 = { bundleId: 'a1', keyId: 'a', bytes: 60 };
    const b1 = { bundleId: 'b1', keyId: 'b', bytes: 90 };
    const a2 = { bundleId: 'a2', keyId: 'a', bytes: 30 };
    const b2 = { bundleId: 'b2', keyId: 'b', bytes: 60 };
    expect(overflowOf([a1, b1, a2], { keyId: 'a', bytes: 10 }, limits).drop).toEqual([]);
    expect(overflowOf([a1, b1, a2], { keyId: 'a', bytes: 50 }, limits).drop).toEqual([a1]);
    // 60 + 90 + 30 + 60 = 240 held; 20 more from a new key is 260 > 250.
    expect(overflowOf([a1, b1, a2, b2], { keyId: 'c', bytes: 20 }, limits).drop).toEqual([a1]);
    expect(overflowOf([b1, a1, a2, b2], { keyId: 'c', bytes: 80 }, limits).drop).toEqual([b1]);
  });

  it('are the ones the 数据交换 page states beside the quarantine', () => {
    const panel = fs.readFileSync(path.join(import.meta.dirname, '../../renderer/src/pages/exchange/QuarantinePanel.tsx'), 'utf8');
    expect(limitsText()).toBe('每个未受信任的密钥最多保留 20 个数据包、共 256 MB，隔离区合计最多 1 GB');
    expect(panel).toContain(`${limitsText()}。`);
  });
});
