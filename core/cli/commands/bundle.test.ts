import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../paths';
import { openTempApp, tempDir } from '../../../test/support/temp-app';
import { makeSignedInspection } from '../../../test/support/signed-inspection';

const BIN = path.join(PROJECT_ROOT, 'bin', 'ducha.mjs');
let laptopDir: string;
let bureauDir: string;
let usb: string;
let inspectionId: string;

function ducha(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, '--data-dir', dataDir, ...args], { encoding: 'utf8', timeout: 60_000 });
}

beforeAll(async () => {
  laptopDir = tempDir('ducha-cli-laptop-');
  bureauDir = tempDir('ducha-cli-bureau-');
  usb = tempDir('ducha-cli-usb-');
  const laptop = openTempApp({ dataDir: laptopDir });
  ({ inspectionId } = await makeSignedInspection(laptop));
  laptop.close();
}, 60_000);
afterAll(() => {
  for (const d of [laptopDir, bureauDir, usb]) fs.rmSync(d, { recursive: true, force: true });
});

describe('ducha bundle / ducha keys', () => {
  it('keys show --json prints the public key and fingerprint, never the private key', () => {
    const r = ducha(laptopDir, 'keys', 'show', '--json');
    expect(r.status).toBe(0);
    const shown = JSON.parse(r.stdout) as { current: { alg: string; fingerprint: string; publicKey: string } };
    expect(shown.current.alg).toBe('ed25519');
    const stored = JSON.parse(fs.readFileSync(path.join(laptopDir, 'keys', 'ed25519', 'device-key.json'), 'utf8')) as { privateKey: string };
    expect(r.stdout).not.toContain(stored.privateKey);
  });

  it('exports, verifies, quarantines, trusts by enrollment, imports, and refuses a tampered copy with a non-zero exit', () => {
    const out = path.join(usb, '交局.ducha.json');
    const exported = ducha(laptopDir, 'bundle', 'export', '--inspection', inspectionId, '--out', out);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain('已写入');
    expect(exported.stdout).toContain('已标记为已提交');
    expect(fs.existsSync(out)).toBe(true);
    const enrollment = path.join(usb, 'enrollment.json');
    expect(ducha(laptopDir, 'keys', 'export-enrollment', '--out', enrollment).status).toBe(0);

    const verified = ducha(bureauDir, 'bundle', 'verify', out);
    expect(verified.status).toBe(0);
    expect(verified.stdout).toContain('数据包有效');
    expect(verified.stdout).toContain('未受信任');

    const text = fs.readFileSync(out, 'utf8');
    const tampered = path.join(usb, '改过.ducha.json');
    fs.writeFileSync(tampered, text.replace('部分检验报告', '全部检验报告'));
    const bad = ducha(bureauDir, 'bundle', 'verify', tampered);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('数据包无效');

    const held = ducha(bureauDir, 'bundle', 'import', out);
    expect(held.status).toBe(0);
    expect(held.stdout).toContain('隔离');
    expect(ducha(bureauDir, 'keys', 'trust', '--enrollment', enrollment).status).toBe(0);

    const both = ducha(bureauDir, 'bundle', 'import', out, tampered);
    expect(both.status).not.toBe(0);
    expect(both.stdout).toContain('已导入：交局.ducha.json');
    expect(both.stdout).toContain('拒绝：改过.ducha.json');
    expect(both.stderr).toContain('1 个文件被拒绝');

    const again = ducha(bureauDir, 'bundle', 'import', out);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('重复');
    const audit = ducha(bureauDir, 'audit', 'verify', '--inspection', inspectionId);
    expect(audit.status).toBe(0);

    // Enough files for the verifier's worker thread: the import uses it and the command still exits.
    const copies = Array.from({ length: 30 }, (_, i) => {
      const copy = path.join(usb, `副本${i + 1}.ducha.json`);
      fs.copyFileSync(out, copy);
      return copy;
    });
    const many = ducha(bureauDir, 'bundle', 'import', ...copies, tampered);
    expect(many.error).toBeUndefined();
    expect(many.status).toBe(1);
    expect(many.stdout.match(/重复：副本\d+\.ducha\.json/g)).toHaveLength(30);
    expect(many.stdout).toContain('拒绝：改过.ducha.json');
  }, 120_000);

  it('bundle export without --out explains what to give', () => {
    const r = ducha(laptopDir, 'bundle', 'export', '--inspection', inspectionId);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--out');
  });
});
