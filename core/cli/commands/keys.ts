/**
 * `ducha keys …`: this device's signing key (show it, choose the algorithm, write an
 * enrollment request for the bureau) and, at the bureau, which keys are trusted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../../../lib/atomic-write';
import { SIGNATURE_ALG_LABELS } from '../../contract/keys';
import { AppError } from '../../../lib/errors';
import { call, print, printJson, type CliContext } from '../context';
import { formatTable } from '../table';
import { readTextFile } from './bundle-files';

const PROTECTION = { os: '系统钥匙串加密', file: '仅本用户可读的文件（0600）' } as const;

export function registerKeys({ program, withApp }: CliContext): void {
  const keys = program.command('keys').description('设备密钥：查看、选择签名算法、导出登记申请；信任其他设备的密钥');

  keys
    .command('show')
    .description('显示本机设备密钥（首次使用时生成 Ed25519 密钥）')
    .option('--json', '以 JSON 输出')
    .action((opts: { json?: boolean }) =>
      withApp(async (app) => {
        const shown = await call(app, 'keys/show', {});
        if (opts.json) return printJson(shown);
        const k = shown.current;
        print(
          [
            `签名算法：${SIGNATURE_ALG_LABELS[k.alg]}`,
            `密钥编号：${k.keyId}`,
            `公钥指纹：${k.fingerprint}`,
            `公钥：${k.publicKey}`,
            `私钥保存：${PROTECTION[k.protection]}`,
          ].join('\n'),
        );
      }),
    );

  keys
    .command('use <alg>')
    .description('选择数据包签名算法：ed25519（默认）或 sm2（国密 SM2/SM3）')
    .action((alg: string) =>
      withApp(async (app) => {
        const chosen = alg === 'sm2' || alg === 'sm2-sm3' ? 'sm2-sm3' : alg === 'ed25519' ? 'ed25519' : null;
        if (!chosen) throw new AppError('VALIDATION', `未知的签名算法「${alg}」。可用：ed25519、sm2。`, 'alg');
        const shown = await call(app, 'keys/setAlg', { alg: chosen });
        print(`已改用 ${SIGNATURE_ALG_LABELS[shown.current.alg]}，密钥编号 ${shown.current.keyId}，指纹 ${shown.current.fingerprint}。新密钥需重新向市局登记。`);
      }),
    );

  keys
    .command('export-enrollment')
    .description('写出登记申请（姓名、执法证号、单位与本机公钥，由本机密钥签名），交市局信任本机')
    .requiredOption('--out <file>', '输出文件')
    .action((opts: { out: string }) =>
      withApp(async (app) => {
        const e = await call(app, 'keys/exportEnrollment', {});
        const target = path.resolve(opts.out);
        if (!fs.existsSync(path.dirname(target))) throw new AppError('VALIDATION', `文件夹“${path.dirname(target)}”不存在，请检查路径后重试。`, 'out');
        writeFileAtomicSync(target, e.text);
        print(`已写入登记申请：${target}\n公钥指纹：${e.fingerprint}（请市局导入时与您电话核对）`);
      }),
    );

  keys
    .command('trust')
    .description('信任其他设备的密钥：--enrollment 登记申请文件，或 --key 隔离区数据包的密钥编号')
    .option('--enrollment <file>', '检查人员的登记申请文件')
    .option('--key <keyId>', '隔离区中数据包的密钥编号（先核对指纹）')
    .action((opts: { enrollment?: string; key?: string }) =>
      withApp(async (app) => {
        if (!opts.enrollment === !opts.key) throw new AppError('VALIDATION', '请给出 --enrollment 文件或 --key 密钥编号（二选一）。');
        const t = opts.enrollment
          ? await call(app, 'bundles/trustEnrollment', { text: readTextFile(opts.enrollment, 64 * 1024) })
          : await call(app, 'bundles/trustKey', { keyId: opts.key ?? '' });
        print(`已信任：${t.inspector.unit} ${t.inspector.name}（${t.inspector.badgeNo}），密钥 ${t.keyId}，指纹 ${t.fingerprint}。`);
      }),
    );

  keys
    .command('list')
    .description('列出受信任的设备密钥')
    .option('--json', '以 JSON 输出')
    .action((opts: { json?: boolean }) =>
      withApp(async (app) => {
        const list = await call(app, 'bundles/trustedKeys', {});
        if (opts.json) return printJson(list);
        print(
          `${formatTable(
            ['密钥编号', '算法', '指纹', '检查人员', '信任时间'],
            list.map((k) => [k.keyId, k.alg, k.fingerprint, `${k.inspector.name}（${k.inspector.badgeNo}）`, k.trustedAt.slice(0, 10)]),
          )}\n共 ${list.length} 个`,
        );
      }),
    );
}
