/**
 * `ducha bundle …`: signed bundles on the command line — export to a file (a USB
 * stick), verify, import (per file: 已导入 / 重复 / 隔离 / 拒绝 and why), and the
 * bureau's quarantine and conflicts.
 */
import path from 'node:path';
import { formatBytes } from '../../../bundle/safe-json';
import { INSPECTION_IMPORT_LABELS, OUTCOME_LABELS, type ImportResult } from '../../contract/bundles';
import { AppError } from '../../../lib/errors';
import { call, print, printJson, type CliContext } from '../context';
import { formatTable } from '../table';
import { readTextFile } from './bundle-files';

const repeatable = (value: string, previous: string[]): string[] => [...previous, value];

function describeResult(r: ImportResult): string {
  const lines = [`${OUTCOME_LABELS[r.outcome]}：${r.fileName}${r.reason ? `\n  ${r.reason}` : ''}`];
  for (const i of r.inspections) lines.push(`  · ${i.agencyName} ${i.inspectedOn}：${INSPECTION_IMPORT_LABELS[i.action]}`);
  if (r.outcome === 'imported') {
    const c = r.counts;
    lines.push(`  新增机构 ${c.agenciesAdded}、更新机构 ${c.agenciesUpdated}、新增检查 ${c.inspectionsAdded}、更新检查 ${c.inspectionsUpdated}、新版本 ${c.revisionsAdded}、冲突 ${c.conflicts}、日志 ${c.auditEntries} 条、文件 ${c.files} 个`);
  }
  return lines.join('\n');
}

export function registerBundle({ program, withApp }: CliContext): void {
  const bundle = program.command('bundle').description('签名数据包：导出、核验、导入（U 盘或电子邮件交接）');

  bundle
    .command('export')
    .description('把已签署的检查导出为签名数据包；已签署的同时标记为已提交')
    .option('--inspection <id>', '检查任务编号（可重复给出多个）', repeatable, [])
    .option('--out <file>', '输出文件，如 /media/usb/交局.ducha.json')
    .option('--split-evidence', '把照片拆分到单独的证据数据包（每个不超过 20 MB）')
    .option('--json', '以 JSON 输出')
    .action((opts: { inspection: string[]; out?: string; splitEvidence?: boolean; json?: boolean }) =>
      withApp(async (app) => {
        if (opts.inspection.length === 0 || !opts.out) {
          throw new AppError('VALIDATION', '请给出 --inspection 和 --out。例：ducha bundle export --inspection ID --out /media/usb/交局.ducha.json');
        }
        const out = await call(app, 'bundles/export', {
          inspectionIds: opts.inspection,
          folder: path.dirname(path.resolve(opts.out)),
          fileName: path.basename(opts.out),
          splitEvidence: opts.splitEvidence === true,
        });
        if (opts.json) return printJson(out);
        for (const f of out.files) print(`已写入 ${f.path}（${formatBytes(f.bytes)}）`);
        const marked = out.inspections.filter((i) => i.markedSubmitted);
        if (marked.length > 0) print(`已标记为已提交：${marked.map((i) => `${i.agencyName} ${i.inspectedOn}`).join('、')}`);
        if (out.warning) process.stderr.write(`注意：${out.warning}（命令行：加 --split-evidence）\n`);
      }),
    );

  bundle
    .command('verify <file>')
    .description('核验数据包：有效时退出码 0，否则非零并说明原因（不导入）')
    .option('--json', '以 JSON 输出')
    .action((file: string, opts: { json?: boolean }) =>
      withApp(async (app) => {
        const result = await call(app, 'bundles/verify', { text: readTextFile(file) });
        if (opts.json) printJson(result);
        if (!result.ok) throw new AppError('INTEGRITY', `数据包无效：${result.reason}`);
        if (opts.json) return;
        const b = result.bundle;
        const trust = { own: '本机密钥', trusted: '受信任的密钥', unknown: '未受信任的密钥（导入时将放入隔离区）' }[b.trust];
        print(
          [
            `数据包有效：${path.basename(file)}（${formatBytes(b.bytes)}）`,
            `编号 ${b.bundleId}，${b.createdAt} 由 ${b.inspector.unit} ${b.inspector.name}（${b.inspector.badgeNo}）导出`,
            `签名：${b.alg}，密钥 ${b.keyId}，指纹 ${b.fingerprint}，${trust}`,
            ...b.inspections.map((i) => `  · ${i.agencyName} ${i.inspectedOn}（${i.revisions} 个版本）`),
            b.part ? `证据数据包：第 ${b.part.index}/${b.part.parts} 部分，${b.evidenceFiles} 个文件` : `证据文件 ${b.evidenceFiles} 个`,
            ...(b.alreadyImported ? ['本机已导入过该数据包。'] : []),
          ].join('\n'),
        );
      }),
    );

  bundle
    .command('import <files...>')
    .description('导入一个或多个数据包：逐个说明已导入 / 重复 / 隔离 / 拒绝及原因；有文件被拒绝时退出码非零')
    .option('--json', '以 JSON 输出')
    .action((files: string[], opts: { json?: boolean }) =>
      withApp(async (app) => {
        const results: ImportResult[] = [];
        // Read every file first: a missing file stops the command before anything is imported.
        const inputs = files.map((f) => ({ name: path.basename(f), text: readTextFile(f) }));
        results.push(...(await call(app, 'bundles/import', { files: inputs })).results);
        if (opts.json) printJson(results);
        else print(results.map(describeResult).join('\n'));
        const refused = results.filter((r) => r.outcome === 'refused').length;
        if (refused > 0) throw new AppError('INTEGRITY', `${refused} 个文件被拒绝导入（原因见上），其余文件的结果不受影响。`);
      }),
    );

  bundle
    .command('quarantine')
    .description('列出隔离区中的数据包（来自未受信任的密钥）')
    .option('--json', '以 JSON 输出')
    .action((opts: { json?: boolean }) =>
      withApp(async (app) => {
        const held = await call(app, 'bundles/quarantine', {});
        if (opts.json) return printJson(held);
        print(
          `${formatTable(
            ['数据包编号', '文件', '检查人员', '密钥指纹', '密钥已信任'],
            held.map((q) => [q.bundleId, q.fileName, `${q.inspector.name}（${q.inspector.badgeNo}）`, q.fingerprint, q.keyTrusted ? '是' : '否']),
          )}\n共 ${held.length} 个。信任密钥：ducha keys trust --key 密钥编号；释放：ducha bundle release 数据包编号`,
        );
      }),
    );

  bundle
    .command('release <bundleId>')
    .description('密钥受信任后，导入隔离区中的数据包')
    .action((bundleId: string) =>
      withApp(async (app) => {
        const r = await call(app, 'bundles/releaseQuarantine', { bundleId });
        print(describeResult(r));
        if (r.outcome === 'refused') throw new AppError('INTEGRITY', '该数据包被拒绝导入（原因见上）。');
      }),
    );

  bundle
    .command('conflicts')
    .description('列出待处理的版本冲突')
    .option('--json', '以 JSON 输出')
    .action((opts: { json?: boolean }) =>
      withApp(async (app) => {
        const list = await call(app, 'bundles/conflicts', {});
        if (opts.json) return printJson(list);
        print(
          `${formatTable(
            ['冲突编号', '机构', '检查日期', '导入版本', '本机最新', '原因'],
            list.map((c) => [c.id, c.agencyName, c.inspectedOn, `第 ${c.incoming.number} 版`, c.local ? `第 ${c.local.number} 版` : '—', c.cause]),
          )}\n共 ${list.length} 个。处理：ducha bundle resolve 冲突编号 --keep local|incoming`,
        );
      }),
    );

  bundle
    .command('resolve <conflictId>')
    .description('处理版本冲突：--keep local 保留本机版本，--keep incoming 采用导入版本')
    .requiredOption('--keep <which>', 'local 或 incoming')
    .action((conflictId: string, opts: { keep: string }) =>
      withApp(async (app) => {
        if (opts.keep !== 'local' && opts.keep !== 'incoming') {
          throw new AppError('VALIDATION', '--keep 只能是 local（保留本机版本）或 incoming（采用导入版本）。', 'keep');
        }
        const c = await call(app, 'bundles/resolveConflict', { id: conflictId, keep: opts.keep });
        print(`已处理：${c.agencyName} ${c.inspectedOn}，${opts.keep === 'local' ? '保留本机版本' : '采用导入版本'}。`);
      }),
    );
}
