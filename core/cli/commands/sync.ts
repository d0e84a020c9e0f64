/**
 * `ducha sync …`: online delivery to the bureau's receiver — connect (after comparing the
 * receiver's fingerprint), send now, and show the state. The desktop app and `ducha serve`
 * send by themselves; `sync now` is for a laptop used from the command line.
 */
import readline from 'node:readline/promises';
import { formatBytes } from '../../../bundle/safe-json';
import { DELIVERY_STATE_LABELS, DEVICE_STATE_LABELS, type SyncStatus } from '../../contract/sync';
import { AppError } from '../../../lib/errors';
import type { App } from '../../app';
import { call, print, printJson, type CliContext } from '../context';
import { formatTable, shanghaiTime as local } from '../table';
import { readTextFile } from './bundle-files';

const OUTCOME_LABELS = { delivered: '已送达', held: '待批准', failed: '发送失败' } as const;

function statusLines(s: SyncStatus): string[] {
  if (!s.connection) return ['尚未连接接收端。请用 ducha sync connect 文件.ducha-receiver.json 连接（先与市局核对指纹）。'];
  const q = s.queue;
  return [
    `接收端：${s.connection.name}（${s.connection.urls.join('，')}）`,
    `接收端指纹：${s.connection.fingerprint}`,
    `设备状态：${DEVICE_STATE_LABELS[s.device.state]}${s.device.message ? ` — ${s.device.message}` : ''}`,
    `最近联系：${local(s.lastContactAt)}`,
    ...(s.lastError ? [`最近错误：${s.lastError}`] : []),
    `数据包：待发送 ${q.queued}，待批准 ${q.held}，发送失败 ${q.failed}，已送达 ${q.delivered}${s.nextAttemptAt ? `；下次重试 ${local(s.nextAttemptAt)}` : ''}`,
  ];
}

function refuseWhileHeld(app: App): void {
  if (app.readOnly) {
    throw new AppError('CONFLICT', '督查台正在运行并打开着该数据目录，它会自动在线同步，无需运行本命令。请在程序的「同步」页查看送达情况，或先关闭程序再运行本命令。');
  }
}

async function confirmFingerprint(): Promise<void> {
  if (!process.stdin.isTTY) {
    throw new AppError('VALIDATION', '无法在此确认指纹（标准输入不是终端）。请先与市局电话或书面核对上面的指纹，完全一致后加 --yes 重新运行。');
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question('请与市局逐位核对上面的指纹。完全一致请输入 y 并回车（其他任意键取消）：');
    if (answer.trim().toLowerCase() !== 'y') throw new AppError('VALIDATION', '未连接：指纹未经确认。');
  } finally {
    rl.close();
  }
}

export function registerSync({ program, withApp }: CliContext): void {
  const sync = program.command('sync').description('在线同步：连接市局接收端、立即发送、查看送达情况');

  sync
    .command('connect <file>')
    .description('导入接收端连接文件（.ducha-receiver.json），核对指纹后连接并登记本机')
    .option('--yes', '已与市局核对指纹一致，不再询问')
    .action((file: string, opts: { yes?: boolean }) =>
      withApp(async (app) => {
        refuseWhileHeld(app);
        const text = readTextFile(file, 1024 * 1024);
        const info = await call(app, 'sync/preview', { text });
        print([`接收端：${info.name}`, `地址：${info.urls.join('，')}`, `指纹：${info.fingerprint}`, `签名算法：${info.alg}${info.hasTlsCertificate ? '，附 TLS 证书' : ''}`].join('\n'));
        if (!opts.yes) await confirmFingerprint();
        const status = await call(app, 'sync/connect', { text, fingerprint: info.fingerprint });
        print(`已连接接收端「${info.name}」。`);
        print(statusLines(status).slice(2).join('\n'));
      }),
    );

  sync
    .command('now')
    .description('立即同步：登记本机、发送所有未送达的数据包并取回回执（全部送达或只等批准时退出码 0）')
    .option('--json', '以 JSON 输出')
    .action((opts: { json?: boolean }) =>
      withApp(async (app) => {
        refuseWhileHeld(app);
        const result = await call(app, 'sync/now', {});
        const s = result.status;
        if (opts.json) printJson(result);
        else {
          for (const o of result.outcomes) {
            const what = `${o.agencyName} ${o.inspectedOn} 第 ${o.revision} 版${o.part > 0 ? ` 证据 ${o.part}` : ''}`;
            print(`${OUTCOME_LABELS[o.outcome]}：${what}${o.bundleId ? `（数据包 ${o.bundleId}）` : ''} — ${o.message}`);
          }
          if (result.outcomes.length === 0) {
            print(s.queue.held > 0 ? `没有新的数据包要发送；${s.queue.held} 个数据包已在接收端保管，等待市局批准本设备。` : '没有需要发送的数据包。');
          }
          print(statusLines(s).slice(2).join('\n'));
        }
        const waiting = s.queue.queued + s.queue.failed;
        // Waiting only for the bureau's approval is not a failure of this command.
        if (waiting > 0 && !(s.device.state === 'pending' && s.queue.failed === 0)) {
          throw new AppError('CONFLICT', `还有 ${waiting} 个数据包未送达${s.lastError ? `：${s.lastError}` : ''}。程序会按退避间隔自动重试，也可稍后再运行 ducha sync now。`);
        }
      }),
    );

  sync
    .command('status')
    .description('显示同步状态与最近的数据包')
    .option('--json', '以 JSON 输出')
    .action((opts: { json?: boolean }) =>
      withApp(async (app) => {
        const s = await call(app, 'sync/status', {});
        if (opts.json) return printJson(s);
        print(statusLines(s).join('\n'));
        if (s.recent.length === 0) return;
        print(
          formatTable(
            ['检查', '版本', '部分', '状态', '大小', '尝试', '送达时间 / 原因'],
            s.recent.map((r) => [
              `${r.agencyName} ${r.inspectedOn}`,
              String(r.revision),
              r.part === 0 ? '记录' : `证据 ${r.part}`,
              DELIVERY_STATE_LABELS[r.state],
              r.bytes === null ? '—' : formatBytes(r.bytes),
              String(r.attempts),
              r.state === 'delivered' ? local(r.receivedAt) : (r.error ?? ''),
            ]),
          ),
        );
      }),
    );

  sync
    .command('disconnect')
    .description('断开接收端连接（未送达的数据仍在本机，可重新连接或用 U 盘导出）')
    .action(() =>
      withApp(async (app) => {
        await call(app, 'sync/disconnect', {});
        print('已断开接收端连接。未送达的数据仍保存在本机。');
      }),
    );
}
