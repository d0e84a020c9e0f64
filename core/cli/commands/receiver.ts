/**
 * `ducha receiver …`: the bureau's receiver for online sync — make its folder, serve it,
 * approve or revoke the laptops that enroll, and see what it holds. The receiver works on
 * its own folder (--dir), never on an inspector's data folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { formatBytes } from '../../../bundle/safe-json';
import { AppError } from '../../../lib/errors';
import { approveDevice, approveRoleOf, listDevices, receiverStatus, revokeDevice, serveReceiver } from '../../../receiver/admin';
import { initReceiver } from '../../../receiver/config';
import { DEFAULT_RATE_LIMIT } from '../../../receiver/server';
import type { DeviceRow } from '../../../receiver/store/types';
import { DEFAULT_MAX_BUNDLE_BYTES } from '../../../bundle/sync-api';
import { print, printJson, type CliContext } from '../context';
import { formatTable, shanghaiTime as local } from '../table';

const STATE_LABELS: Record<DeviceRow['state'], string> = { pending: '待批准', approved: '已批准', revoked: '已停用' };
const ROLE_LABEL = (d: Pick<DeviceRow, 'role' | 'district'>): string =>
  d.role === 'city' ? '市局审核端' : d.role === 'district' ? `${d.district ?? ''}审核端` : '检查人员设备';

/** `--dir`, or the global `--data-dir` (the receiver's folder is never an inspector's), or DUCHA_RECEIVER_DIR. */
function dirResolver(program: Command): (opts: { dir?: string }) => string {
  return (opts) => {
    const dir = opts.dir ?? program.opts<{ dataDir?: string }>().dataDir ?? process.env.DUCHA_RECEIVER_DIR;
    if (!dir) throw new AppError('VALIDATION', '请用 --dir（或 --data-dir）指定接收端的数据目录，或设置环境变量 DUCHA_RECEIVER_DIR。', 'dir');
    return dir;
  };
}

/** `HOST:PORT`, `[v6]:PORT` or `HOST`. */
function parseListen(text: string): { host: string; port?: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d+))?$/.exec(text.trim());
  const host = m?.[1] ?? m?.[2];
  if (!m || !host) throw new AppError('VALIDATION', `--listen「${text}」无效，应为 地址:端口，如 0.0.0.0:8750。`, 'listen');
  const port = m[3] !== undefined ? intOption(m[3], 'listen', 0, 65535) : undefined;
  return port === undefined ? { host } : { host, port };
}

function intOption(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new AppError('VALIDATION', `--${name}「${text}」无效，应为 ${min}–${max} 的整数。`, name);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function withDir(command: Command): Command {
  return command.option('--dir <dir>', '接收端数据目录（默认：DUCHA_RECEIVER_DIR）');
}

export function registerReceiver({ program, keepRunning }: CliContext): void {
  const dirOf = dirResolver(program);
  const receiver = program.command('receiver').description('市局接收端：初始化、启动服务、批准设备、查看状态');

  withDir(receiver.command('init'))
    .description('新建接收端：生成接收端密钥和连接文件（.ducha-receiver.json，发给各检查人员）')
    .requiredOption('--name <name>', '接收端名称，如“上海市市场监督管理局特种设备安全监察处”')
    .option('--url <url>', '检查人员电脑访问本接收端的地址，如 http://10.1.2.3:8750（可重复，按顺序尝试）', collect, [])
    .option('--alg <alg>', '签名算法：ed25519（默认）或 sm2', 'ed25519')
    .option('--tls-cert <file>', 'HTTPS 证书（PEM），地址用 https:// 时必填')
    .option('--tls-key <file>', 'HTTPS 证书私钥（PEM）')
    .option('--out <file>', '另把连接文件写到这里（默认只写在数据目录中）')
    .action((opts: { dir?: string; name: string; url: string[]; alg: string; tlsCert?: string; tlsKey?: string; out?: string }) => {
      if (opts.alg !== 'ed25519' && opts.alg !== 'sm2') throw new AppError('VALIDATION', `--alg「${opts.alg}」无效，应为 ed25519 或 sm2。`, 'alg');
      if (opts.url.length === 0) throw new AppError('VALIDATION', '请用 --url 给出检查人员电脑访问本接收端的地址，如 --url http://10.1.2.3:8750。', 'url');
      if (Boolean(opts.tlsCert) !== Boolean(opts.tlsKey)) throw new AppError('VALIDATION', '--tls-cert 与 --tls-key 须同时提供。', 'tls');
      const result = initReceiver({
        dir: dirOf(opts),
        name: opts.name,
        urls: opts.url,
        alg: opts.alg,
        ...(opts.tlsCert && opts.tlsKey ? { tls: { certFile: opts.tlsCert, keyFile: opts.tlsKey } } : {}),
      });
      if (opts.out) {
        try {
          fs.copyFileSync(result.paths.connection, opts.out);
        } catch {
          throw new AppError('VALIDATION', `接收端已建好，但无法写入“${opts.out}”。连接文件在 ${result.paths.connection}，请从那里复制。`, 'out');
        }
      }
      print(
        [
          `已新建接收端「${result.config.name}」：${result.paths.dir}`,
          `地址：${result.config.urls.join('，')}`,
          `接收端指纹：${result.fingerprint}`,
          `连接文件：${opts.out ? path.resolve(opts.out) : result.paths.connection}`,
          '请把连接文件发给检查人员，并通过电话或书面把上面的指纹告诉他们核对。',
          '接收端密钥在 key/ 目录中：请备份整个数据目录，切勿外传 key/。',
          `下一步：ducha receiver serve --dir ${result.paths.dir}`,
        ].join('\n'),
      );
    });

  withDir(receiver.command('serve'))
    .description('启动接收端服务（按 Ctrl+C 停止）')
    .option('--host <host>', '监听地址（默认 127.0.0.1 只接受本机；局域网使用请设为 0.0.0.0）', '127.0.0.1')
    .option('--port <n>', '端口（默认：连接文件中第一个地址的端口）')
    .option('--listen <host:port>', '监听地址和端口，如 0.0.0.0:8750（代替 --host 与 --port）')
    .option('--max-bundle-mb <n>', '单个数据包的上限（MB）', String(DEFAULT_MAX_BUNDLE_BYTES / 1024 / 1024))
    .option('--rate-limit <n>', '每台设备每 10 秒最多请求数', String(DEFAULT_RATE_LIMIT))
    .action(async (opts: { dir?: string; host: string; port?: string; listen?: string; maxBundleMb: string; rateLimit: string }) => {
      const listen = opts.listen ? parseListen(opts.listen) : null;
      const port = listen ? listen.port : intOption(opts.port, 'port', 0, 65535);
      const host = listen?.host ?? opts.host;
      const maxMb = intOption(opts.maxBundleMb, 'max-bundle-mb', 1, 4096)!;
      const rateLimit = intOption(opts.rateLimit, 'rate-limit', 1, 1_000_000)!;
      const log = (line: string) => print(`${new Date().toISOString()} ${line}`);
      const running = await serveReceiver({ dir: dirOf(opts), host, ...(port !== undefined ? { port } : {}), maxBundleBytes: maxMb * 1024 * 1024, rateLimit, log });
      if (running.sweep.partial + running.sweep.orphans > 0) {
        print(`已清理上次异常退出留下的 ${running.sweep.partial} 个未写完的文件、${running.sweep.orphans} 个未入库的数据包文件（发送方会重发）。`);
      }
      print(`接收端「${running.folder.config.name}」已启动，监听 ${running.server.url}（按 Ctrl+C 停止）`);
      print(`数据目录：${running.folder.paths.dir}；接收端指纹：${running.folder.fingerprint}`);
      const stop = () => {
        void running.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      keepRunning();
    });

  const devices = receiver.command('devices').description('已登记的检查人员设备：查看、批准、停用');

  withDir(devices.command('list'))
    .description('列出登记过的设备')
    .option('--json', '以 JSON 输出')
    .action(async (opts: { dir?: string; json?: boolean }) => {
      const rows = await listDevices(dirOf(opts));
      if (opts.json) return printJson(rows.map(({ enrollment: _enrollment, ...d }) => d));
      if (rows.length === 0) return print('还没有设备登记。检查人员在督查台「设置 → 同步」导入连接文件后，设备会出现在这里。');
      print(
        formatTable(
          ['状态', '身份', '检查人员', '执法证号', '单位', '密钥编号', '指纹', '登记时间'],
          rows.map((d) => [STATE_LABELS[d.state], ROLE_LABEL(d), d.inspectorName, d.badgeNo, d.unit, d.keyId, d.fingerprint, local(d.enrolledAt)]),
        ),
      );
    });

  withDir(devices.command('approve <keyIdOrFingerprint>'))
    .description('批准设备（先与检查人员核对指纹）；该设备已送来、暂存的数据包随即入库。--role 批准为审核端，已批准的设备再次批准可改变其范围')
    .option('--role <role>', 'inspector（检查人员，默认）| district（区局审核端）| city（市局审核端）')
    .option('--district <区名>', '区局审核端的辖区，如 浦东新区、临港新片区')
    .action(async (key: string, opts: { dir?: string; role?: string; district?: string }) => {
      const result = await approveDevice(dirOf(opts), key, approveRoleOf(opts.role, opts.district));
      const d = result.device;
      const as = ROLE_LABEL(d);
      if (result.alreadyApproved) return print(`设备 ${d.keyId}（${d.inspectorName}）早已批准为${as}，无需再批。`);
      print(`已批准设备 ${d.keyId}（${d.inspectorName}，执法证号 ${d.badgeNo}，指纹 ${d.fingerprint}）为${as}。`);
      print(result.stored.length > 0 ? `暂存的 ${result.stored.length} 个数据包已入库（序号 ${result.stored[0]!.seq}–${result.stored.at(-1)!.seq}），该设备下次联系时取回回执。` : '该设备没有暂存的数据包。');
    });

  withDir(devices.command('revoke <keyIdOrFingerprint>'))
    .description('停用设备：此后拒收它的请求（已入库的数据包保留）')
    .action(async (key: string, opts: { dir?: string }) => {
      const d = await revokeDevice(dirOf(opts), key);
      print(`已停用设备 ${d.keyId}（${d.inspectorName}）。它此后的请求一律拒收；已入库的数据包保留。`);
    });

  withDir(receiver.command('status'))
    .description('接收端概况：设备数、已入库与暂存的数据包')
    .option('--json', '以 JSON 输出')
    .action(async (opts: { dir?: string; json?: boolean }) => {
      const s = await receiverStatus(dirOf(opts));
      if (opts.json) return printJson(s);
      print(
        [
          `接收端：${s.name}（${s.urls.join('，')}）`,
          `接收端指纹：${s.fingerprint}`,
          `数据目录：${s.dir}`,
          `设备：已批准 ${s.devices.approved}，待批准 ${s.devices.pending}，已停用 ${s.devices.revoked}`,
          `数据包：已入库 ${s.stored}（${formatBytes(s.storedBytes)}，最新序号 ${s.lastSeq}），暂存待批准 ${s.held}`,
          `最近收到：${local(s.lastReceivedAt)}`,
        ].join('\n'),
      );
    });
}
