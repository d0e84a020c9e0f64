/**
 * `ducha report …`: 附件4 from the command line — the figures (as a table or JSON with the ids
 * behind every number), 报送 as a signed report file,
 * and at 市局 verifying and importing the districts' reports and comparing them.
 */
import path from 'node:path';
import { ATTACHMENT4_CELLS, caption } from '../../../forms/attachment4';
import { CITY_UNIT, INSPECTING_UNITS, type InspectingUnit } from '../../../forms/districts';
import { REPORT_MAX_BYTES } from '../../../bundle/report';
import { writeFileAtomicSync } from '../../../lib/atomic-write';
import { AppError } from '../../../lib/errors';
import { call, print, printJson, type CliContext } from '../context';
import { formatTable } from '../table';
import { readTextFile } from './bundle-files';

/** `city` (or 市局) for the whole city, else a district's name as in the agency list. */
function unitOf(text: string | undefined): InspectingUnit {
  const unit = text === 'city' ? CITY_UNIT : text;
  const found = INSPECTING_UNITS.find((u) => u === unit);
  if (!found) throw new AppError('VALIDATION', `请用 --unit 给出填报单位：city（市局，全市）或区名（${INSPECTING_UNITS.slice(1).join('、')}）。`, 'unit');
  return found;
}

function periodOf(opts: { from?: string; to?: string }): { from: string; to: string } {
  if (!opts.from || !opts.to) throw new AppError('VALIDATION', '请用 --from YYYY-MM-DD --to YYYY-MM-DD 给出统计期间（含首尾两日）。');
  return { from: opts.from, to: opts.to };
}

function write(file: string, base64: string): void {
  try {
    writeFileAtomicSync(file, Buffer.from(base64, 'base64'));
  } catch (err) {
    throw new AppError('VALIDATION', `无法写入 ${file}：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}。请检查目录是否存在且可写。`);
  }
}

interface ScopeOpts {
  unit?: string;
  from?: string;
  to?: string;
}

export function registerReport({ program, withApp }: CliContext): void {
  const report = program.command('report').description('附件4 活动情况统计表：计算、导出、报送、核验与汇总');

  report
    .command('attachment4')
    .description('计算附件4：ducha report attachment4 --unit city|区名 --from YYYY-MM-DD --to YYYY-MM-DD [--json] [--out 文件.xlsx|文件.pdf]')
    .option('--unit <unit>', 'city（市局，全市）或区名，如 浦东新区、临港新片区')
    .option('--from <date>', '统计期间开始日期')
    .option('--to <date>', '统计期间结束日期')
    .option('--json', '以 JSON 输出：{ unit, from, to, counts, problemList, trace }')
    .option('--out <file>', '按正式版式写入 XLSX 或 PDF（由扩展名决定）')
    .action((opts: ScopeOpts & { json?: boolean; out?: string }) =>
      withApp(async (app) => {
        const scope = { unit: unitOf(opts.unit), ...periodOf(opts) };
        if (opts.out) {
          const ext = path.extname(opts.out).toLowerCase();
          if (ext !== '.xlsx' && ext !== '.pdf') throw new AppError('VALIDATION', '--out 的扩展名应为 .xlsx 或 .pdf。', 'out');
          const file = await call(app, 'reports/export', { ...scope, format: ext === '.xlsx' ? 'xlsx' : 'pdf' });
          write(opts.out, file.contentBase64);
          print(`已写入 ${opts.out}（${file.fileName}）`);
          return;
        }
        const r = await call(app, 'reports/attachment4', { ...scope, includeTrace: opts.json === true });
        if (opts.json) {
          printJson({
            unit: r.unit,
            from: r.from,
            to: r.to,
            counts: r.counts,
            problemList: r.problemList.map(({ unitName, problem, rectification }) => ({ unitName, problem, rectification })),
            trace: r.trace ?? {},
          });
          return;
        }
        print(`${r.unitName}\u3000统计期间 ${r.from} 至 ${r.to}`);
        print(formatTable(['项目', '数量'], ATTACHMENT4_CELLS.map((c) => [caption(c), String(r.counts[c.key])])));
        print(r.problemList.length === 0 ? '存在问题的机构清单：无' : `存在问题的机构清单：${r.problemList.length} 家（用 --json 查看全文）`);
      }),
    );

  report
    .command('submit')
    .description('报送：把当前统计结果签名冻结为报表文件，写到 --out（可发给市局特种处，或用 --eml 生成邮件草稿）')
    .option('--unit <unit>', 'city 或区名')
    .option('--from <date>', '统计期间开始日期')
    .option('--to <date>', '统计期间结束日期')
    .option('--out <file>', '报表文件（.ducha-report.json）或邮件草稿（.eml）的路径')
    .option('--to-address <email>', '邮件草稿的收件人（市局特种处邮箱），与 .eml 一起用')
    .action((opts: ScopeOpts & { out?: string; toAddress?: string }) =>
      withApp(async (app) => {
        const scope = { unit: unitOf(opts.unit), ...periodOf(opts) };
        if (!opts.out) throw new AppError('VALIDATION', '请用 --out 给出报表文件的保存路径。', 'out');
        const submitted = await call(app, 'reports/submit', scope);
        const file = opts.out.toLowerCase().endsWith('.eml')
          ? await call(app, 'reports/exportSubmitted', { reportId: submitted.reportId, as: 'eml', ...(opts.toAddress ? { to: opts.toAddress } : {}) })
          : submitted.file;
        write(opts.out, file.contentBase64);
        print(`已报送并签名：报表编号 ${submitted.reportId}，SHA-256 ${submitted.sha256.slice(0, 16)}…，已写入 ${opts.out}`);
      }),
    );

  report
    .command('verify <file>')
    .description('核验报表文件的签名与签署设备（不导入）；被改动过的文件退出码非 0')
    .option('--json', '以 JSON 输出')
    .action((file: string, opts: { json?: boolean }) =>
      withApp(async (app) => {
        const result = await call(app, 'reports/verify', { fileName: path.basename(file), text: readTextFile(file, REPORT_MAX_BYTES) });
        if (opts.json) printJson(result);
        if (!result.ok) throw new AppError('INTEGRITY', result.reason, 'file');
        if (opts.json) return;
        const r = result.report;
        const trust = { own: '本机签署', trusted: '本机信任的设备', unknown: '本机尚未信任该设备，导入前请核对' }[r.trust];
        print(
          [
            `签名有效：${r.unitName} ${r.from} 至 ${r.to} 的附件4`,
            `报送人：${r.submittedBy.name}（${r.submittedBy.badgeNo}），${r.submittedAt}`,
            `报表编号：${r.reportId}\u3000SHA-256：${r.sha256}`,
            `签署设备：${r.keyId}（${trust}）`,
          ].join('\n'),
        );
      }),
    );

  report
    .command('import <files...>')
    .description('导入区局报送的报表文件（核验签名与设备；同一报表重复导入只记一次）')
    .action((files: string[]) =>
      withApp(async (app) => {
        for (const file of files) {
          const r = await call(app, 'reports/import', { fileName: path.basename(file), text: readTextFile(file, REPORT_MAX_BYTES) });
          print(`${r.duplicate ? '已导入过' : '已导入'}：${r.report.unitName} ${r.report.from} 至 ${r.report.to}（${file}）`);
        }
      }),
    );

  report
    .command('received')
    .description('各单位报送的报表并列、合计，并与本机记录计算的全市结果比较')
    .option('--from <date>', '统计期间开始日期')
    .option('--to <date>', '统计期间结束日期')
    .option('--json', '以 JSON 输出')
    .action((opts: { from?: string; to?: string; json?: boolean }) =>
      withApp(async (app) => {
        const r = await call(app, 'reports/received', periodOf(opts));
        if (opts.json) {
          printJson(r);
          return;
        }
        const head = ['项目', ...r.reports.map((x) => x.unit), '合计', '本机全市'];
        print(formatTable(head, ATTACHMENT4_CELLS.map((c) => [caption(c), ...r.reports.map((x) => String(x.counts[c.key])), String(r.sum[c.key]), String(r.city[c.key])])));
        if (r.differences.length === 0) print(r.reports.length === 0 ? '本期尚未收到任何报表。' : '各单位报送的数字与本机记录一致。');
        else for (const d of r.differences) print(`不一致：${d.unit}「${d.caption}」报送 ${d.reported}，本机记录为 ${d.computed}`);
      }),
    );
}
