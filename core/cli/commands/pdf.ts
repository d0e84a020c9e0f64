import fs from 'node:fs';
import { MAX_PDF_BYTES, renderPdf, writePdfAtomic } from '../../../pdf';
import { AppError } from '../../../lib/errors';
import { PDF_FORM_LABELS, PDF_FORM_NAMES as PDF_FORMS, type PdfForm } from '../../contract/pdf';
import { buildDocument, verifyPdfBytes } from '../../services/pdf';
import { print, printJson, type CliContext } from '../context';

export function registerPdf({ program, withApp }: CliContext): void {
  const pdf = program
    .command('pdf')
    .description('生成 PDF：ducha pdf --inspection ID --form attachment3|attachment2|attachment1|notice --out FILE；核验：ducha pdf verify FILE')
    .option('--inspection <id>', '检查任务编号')
    .option('--form <form>', `表格：${PDF_FORMS.join('|')}`)
    .option('--revision <n>', '打印指定的已签署版本（默认：最新版本或草稿）')
    .option('--out <file>', '输出文件')
    .action((opts: { inspection?: string; form?: string; out?: string; revision?: string }) =>
      withApp(async (app) => {
        if (!opts.inspection || !opts.form || !opts.out) {
          throw new AppError('VALIDATION', '请同时给出 --inspection、--form 和 --out。例：ducha pdf --inspection ID --form attachment3 --out 检查表.pdf');
        }
        if (!(PDF_FORMS as readonly string[]).includes(opts.form)) {
          throw new AppError('VALIDATION', `未知的表格「${opts.form}」。可用：${PDF_FORMS.join('、')}。`, 'form');
        }
        const revision = opts.revision === undefined ? undefined : Number(opts.revision);
        if (revision !== undefined && (!Number.isInteger(revision) || revision < 0)) {
          throw new AppError('VALIDATION', `版本号「${opts.revision}」无效。`, 'revision');
        }
        const doc = buildDocument(app.ctx, opts.inspection, opts.form as PdfForm, revision);
        const bytes = await renderPdf(doc.definition);
        writePdfAtomic(opts.out, bytes);
        print(`已生成 ${PDF_FORM_LABELS[opts.form as PdfForm]}：${opts.out}（${Math.round(bytes.length / 1024)} KB）`);
        if (doc.missingGlyphs.length > 0) {
          print(`注意：${doc.missingGlyphs.map((g) => g.char).join(' ')} 没有可用字体，已印为 〓。`);
        }
      }),
    );

  pdf
    .command('verify <file>')
    .description('核验打印件：与本机数据库记录一致时退出码 0，否则非零并说明原因')
    .option('--json', '以 JSON 输出')
    .action((file: string, opts: { json?: boolean }) =>
      withApp(async (app) => {
        let bytes: Buffer;
        try {
          if (fs.statSync(file).size > MAX_PDF_BYTES) throw new AppError('VALIDATION', `文件过大（上限 ${MAX_PDF_BYTES / 1024 / 1024} MB）。`);
          bytes = fs.readFileSync(file);
        } catch (err) {
          if (err instanceof AppError) throw err;
          throw new AppError('NOT_FOUND', `无法读取文件 ${file}：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}。`);
        }
        const result = verifyPdfBytes(app.ctx, bytes);
        if (opts.json) printJson(result);
        if (!result.ok) throw new AppError('INTEGRITY', `核验未通过：${result.reason}`);
        if (!opts.json) print(`核验通过：${result.record}。`);
      }),
    );
}
