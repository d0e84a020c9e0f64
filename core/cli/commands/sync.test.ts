import { execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../paths';
import { startFakeReceiver, type FakeReceiver } from '../../../test/support/fake-receiver';
import { makeSignedInspection } from '../../../test/support/signed-inspection';
import { openTempApp, tempDir } from '../../../test/support/temp-app';

const BIN = path.join(PROJECT_ROOT, 'bin', 'ducha.mjs');
let dataDir: string;
let receiver: FakeReceiver;
let connectionFile: string;

// Asynchronous: the receiver answers from this process while the command runs.
function ducha(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> & { child?: ChildProcess } {
  let child: ChildProcess | undefined;
  const done = new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    child = execFile(process.execPath, [BIN, '--data-dir', dataDir, ...args], { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ status: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end();
  });
  return Object.assign(done, { child });
}

beforeAll(async () => {
  dataDir = tempDir('ducha-cli-sync-');
  receiver = await startFakeReceiver();
  connectionFile = path.join(dataDir, '..', `${path.basename(dataDir)}.ducha-receiver.json`);
  fs.writeFileSync(connectionFile, receiver.connectionText);
  const laptop = openTempApp({ dataDir });
  await makeSignedInspection(laptop);
  laptop.close();
}, 60_000);
afterAll(async () => {
  await receiver.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(connectionFile, { force: true });
});

describe('ducha sync', () => {
  it('connect shows the fingerprint and, without a terminal, asks for --yes', async () => {
    const r = await ducha('sync', 'connect', connectionFile);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain(`指纹：${receiver.key.fingerprint}`);
    expect(r.stderr).toMatch(/核对.*--yes/);
    expect(receiver.requests).toEqual([]);
  });

  it('connect --yes pins and enrolls; now waits for approval (exit 0), then delivers', async () => {
    const c = await ducha('sync', 'connect', connectionFile, '--yes');
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/已连接接收端「上海市市场监督管理局（测试接收端）」/);
    expect(c.stdout).toMatch(/设备状态：设备待批准/);

    const held = await ducha('sync', 'now');
    expect(held.status, held.stderr).toBe(0);
    expect(held.stdout).toMatch(/^待批准：上海申𠮷检测有限公司 2026-11-27 第 1 版（数据包 [0-9a-f-]+）/m);

    receiver.approve([...receiver.devices.keys()][0]!);
    const done = await ducha('sync', 'now');
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^已送达：上海申𠮷检测有限公司 2026-11-27.*已送达（接收端第 1 号/m);

    const status = await ducha('sync', 'status');
    expect(status.stdout).toMatch(/设备状态：设备已获批准/);
    expect(status.stdout).toMatch(/待发送 0，待批准 0，发送失败 0，已送达 1/);
    const json = JSON.parse((await ducha('sync', 'status', '--json')).stdout) as { queue: { delivered: number } };
    expect(json.queue.delivered).toBe(1);
  }, 60_000);

  it('now exits 1 with the reason when no believed answer comes back', async () => {
    const laptop = openTempApp({ dataDir });
    await makeSignedInspection(laptop, { agencyName: '上海第二检测有限公司', code17: '91310115MA1H9K7L3' });
    laptop.close();
    receiver.mode = 'unsigned';
    const r = await ducha('sync', 'now');
    receiver.mode = 'signed';
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^发送失败：上海第二检测有限公司.*不予采信/m);
    expect(r.stderr).toMatch(/还有 1 个数据包未送达/);
  });
  it('a kill -9 while a bundle is on the wire loses nothing; the resend gets the same receipt', async () => {
    const laptop = openTempApp({ dataDir });
    await makeSignedInspection(laptop, { agencyName: '上海第三检测有限公司', code17: '91310116MA1J2K3L4' });
    laptop.close();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    let reached: () => void = () => {};
    const atPut = new Promise<void>((r) => (reached = r));
    receiver.beforeAnswer = async (request) => {
      if (!request.startsWith('PUT')) return;
      // The receiver has the bytes (and, here, a receipt), the laptop not yet its answer.
      reached();
      await gate;
    };
    const run = ducha('sync', 'now');
    await atPut;
    run.child?.kill('SIGKILL');
    await run;
    receiver.beforeAnswer = null;
    release();
    const again = await ducha('sync', 'now');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^已送达：上海第三检测有限公司/m);
    const status = JSON.parse((await ducha('sync', 'status', '--json')).stdout) as { queue: { delivered: number; queued: number; failed: number } };
    expect(status.queue).toMatchObject({ queued: 0, failed: 0, delivered: 3 });
    // The bundle that was on the wire went twice; the receiver kept it once, under one receipt.
    const puts = receiver.requests.filter((r) => r.startsWith('PUT'));
    const twice = puts.filter((p, i) => puts.indexOf(p) !== i);
    expect(twice.length).toBeGreaterThanOrEqual(1);
    expect(receiver.bundles.size).toBe(3);
  });
});
