/**
 * `ducha personnel import|list|export` (附件2) and `ducha agencies
 * import|export` (registry XLSX). An import is checked in full first; any bad
 * row prints its row number and the command exits non-zero having written
 * nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { App } from '../../app';
import { AppError } from '../../../lib/errors';
import { validateCreditCode } from '../../../forms/credit-code';
import { formatRowError } from '../../../forms/roster-import';
import { call, print, printJson, type CliContext } from '../context';
import { formatTable } from '../table';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `--agency` takes the record id or the 统一社会信用代码. */
export async function resolveAgency(app: App, ref: string): Promise<{ id: string; name: string }> {
  const value = ref.trim();
  if (UUID.test(value)) {
    const a = await call(app, 'agencies/get', { id: value });
    return { id: a.id, name: a.name };
  }
  const code = validateCreditCode(value);
  if (!code.ok) {
    throw new AppError('VALIDATION', `--agency 应为机构编号或统一社会信用代码：${code.message}`, 'agency');
  }
  const match = (await call(app, 'agencies/list', { query: code.code })).find((a) => a.creditCode === code.code);
  if (!match) {
    throw new AppError('NOT_FOUND', `找不到统一社会信用代码为 ${code.code} 的机构。请先用 ducha agencies list 确认，或在「机构」中登记。`, 'agency');
  }
  return { id: match.id, name: match.name };
}

function readInput(file: string): { fileName: string; contentBase64: string } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new AppError('NOT_FOUND', `无法读取文件 ${file}：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}。请检查路径。`);
  }
  return { fileName: path.basename(file), contentBase64: bytes.toString('base64') };
}

function writeOutput(file: string, base64: string): void {
  try {
    fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  } catch (err) {
    throw new AppError('VALIDATION', `无法写入 ${file}：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}。请检查目录是否存在且可写。`);
  }
}

function registerPersonnelCommands({ program, withApp }: CliContext): void {
  const personnel = program.command('personnel').description('人员条件自查（附件2）');

  personnel
    .command('import')
    .description('从 CSV 或 XLSX 导入花名册（表头使用附件2 列名）；任何一行有错则全部不导入')
    .requiredOption('--agency <id|信用代码>', '机构编号或统一社会信用代码')
    .option('--append', '追加到现有清单（默认替换现有清单）')
    .option('--sheet <name>', 'XLSX 中的工作表名（默认：第一个含花名册表头的工作表）')
    .option('--json', '以 JSON 输出结果')
    .argument('<file>', 'CSV 或 XLSX 文件')
    .action((file: string, opts: { agency: string; append?: boolean; sheet?: string; json?: boolean }) =>
      withApp(async (app) => {
        const agency = await resolveAgency(app, opts.agency);
        const source = { agencyId: agency.id, ...readInput(file), ...(opts.sheet ? { sheet: opts.sheet } : {}) };
        const mode = opts.append ? 'append' : 'replace';
        const preview = await call(app, 'personnel/importPreview', { ...source, mode });
        if (preview.missing.length > 0) {
          throw new AppError(
            'VALIDATION',
            `第 ${preview.headerRow} 行的表头缺少附件2 列：${preview.missing.join('、')}（找到的列：${preview.headers.filter((h) => h.trim() !== '').join('、') || '无'}）。请改用附件2 列名，或在界面中导入并选择对应列。未导入任何人员。`,
          );
        }
        if (preview.errorCount > 0) {
          for (const e of preview.errors) process.stderr.write(`${formatRowError(e)}\n`);
          if (preview.errorCount > preview.errors.length) {
            process.stderr.write(`……另有 ${preview.errorCount - preview.errors.length} 处错误\n`);
          }
          throw new AppError('VALIDATION', `花名册有 ${preview.errorCount} 处错误（见上），未导入任何人员。请改正文件后重新导入。`);
        }
        const r = await call(app, 'personnel/import', { ...source, mapping: preview.mapping, mode });
        if (opts.json) return printJson({ agencyId: agency.id, ...r });
        print(
          `已导入 ${r.imported} 人到「${agency.name}」（${mode === 'append' ? '追加到原清单' : '替换原清单'}${r.summaryUpdated ? '，并更新了自查情况汇总' : ''}）。` +
            `清单共 ${r.counts.total} 人：真实执业存在问题 ${r.counts.practisingProblems} 人，学历存在问题 ${r.counts.educationProblems} 人，职称存在问题 ${r.counts.titleProblems} 人。`,
        );
      }),
    );

  personnel
    .command('list')
    .description('列出一个机构的人员排查清单及计算所得人数')
    .requiredOption('--agency <id|信用代码>', '机构编号或统一社会信用代码')
    .option('--json', '以 JSON 输出（汇总、清单与人数）')
    .action((opts: { agency: string; json?: boolean }) =>
      withApp(async (app) => {
        const agency = await resolveAgency(app, opts.agency);
        const c = await call(app, 'personnel/get', { agencyId: agency.id });
        if (opts.json) return printJson(c);
        print(
          `${c.agencyName}（${c.creditCode}）\n${formatTable(
            ['序号', '姓名', '证书编号', '真实执业', '学历', '职称', '存在问题及整改情况说明'],
            c.persons.map((p) => [String(p.seq), p.name, p.certNo || '—', p.practising, p.education, p.title, p.note]),
          )}\n共排查 ${c.counts.total} 人；真实执业存在问题 ${c.counts.practisingProblems} 人，学历存在问题 ${c.counts.educationProblems} 人，职称存在问题 ${c.counts.titleProblems} 人。`,
        );
      }),
    );

  personnel
    .command('export')
    .description('按附件2 格式导出人员条件自查情况统计表（XLSX）')
    .requiredOption('--agency <id|信用代码>', '机构编号或统一社会信用代码')
    .requiredOption('--out <file>', '输出的 .xlsx 文件')
    .option('--app-columns', '附加证书编号、已取消执业公示、已注销资质三列（便于再次导入）')
    .action((opts: { agency: string; out: string; appColumns?: boolean }) =>
      withApp(async (app) => {
        const agency = await resolveAgency(app, opts.agency);
        const file = await call(app, 'personnel/exportXlsx', { agencyId: agency.id, appColumns: opts.appColumns ?? false });
        writeOutput(opts.out, file.contentBase64);
        print(`已导出到 ${opts.out}`);
      }),
    );
}

/** Adds import/export to the `agencies` command registered by commands/agencies.ts. */
function registerAgencyFileCommands({ program, withApp }: CliContext): void {
  const agencies: Command =
    program.commands.find((c) => c.name() === 'agencies') ?? program.command('agencies').description('机构');

  agencies
    .command('export')
    .description('导出机构名录及核准证（XLSX）')
    .requiredOption('--out <file>', '输出的 .xlsx 文件')
    .action((opts: { out: string }) =>
      withApp(async (app) => {
        const file = await call(app, 'agencies/exportXlsx', {});
        writeOutput(opts.out, file.contentBase64);
        print(`已导出到 ${opts.out}`);
      }),
    );

  agencies
    .command('import')
    .description('从 XLSX 导入机构名录及核准证（按统一社会信用代码新增或更新）；任何一行有错则全部不导入')
    .option('--dry-run', '只校验并列出将要新增、更新的机构，不写入')
    .option('--json', '以 JSON 输出结果')
    .argument('<file>', 'XLSX 文件（「机构」与「核准证」工作表）')
    .action((file: string, opts: { dryRun?: boolean; json?: boolean }) =>
      withApp(async (app) => {
        const input = readInput(file);
        const preview = await call(app, 'agencies/importXlsx', { ...input, dryRun: true });
        if (preview.errorCount > 0) {
          for (const e of preview.errors) process.stderr.write(`「${e.sheet}」第 ${e.row} 行：${e.message}\n`);
          throw new AppError('VALIDATION', `机构名录有 ${preview.errorCount} 处错误（见上），未导入任何内容。`);
        }
        const r = opts.dryRun ? preview : await call(app, 'agencies/importXlsx', { ...input, dryRun: false });
        if (opts.json) return printJson(r);
        print(
          `${opts.dryRun ? '校验通过（未写入）：将' : '已'}新增 ${r.added} 家、更新 ${r.updated} 家机构，核准证 ${r.certificates} 张` +
            `${r.certificatesIncluded ? '' : '（文件中没有「核准证」工作表，原有核准证保持不变）'}。`,
        );
      }),
    );
}

export function registerPersonnel(ctx: CliContext): void {
  registerPersonnelCommands(ctx);
  registerAgencyFileCommands(ctx);
}
