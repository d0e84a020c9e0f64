import { AppError } from '../../../lib/errors';
import { ATTACHMENT3_ITEMS } from '../../../forms/attachment3';
import { print, printJson, type CliContext } from '../context';
import { formatTable } from '../table';

/** The documented shape (README, CLI) of `forms show attachment3 --json`: exactly these eight fields. */
export function attachment3Json() {
  return ATTACHMENT3_ITEMS.map((i) => ({
    no: i.no,
    category: i.category,
    indicator: i.indicator,
    points: i.points,
    bonus: i.bonus,
    item: i.item,
    requirements: [...i.requirements],
    methods: [...i.methods],
  }));
}

export function registerForms({ program }: CliContext): void {
  const forms = program.command('forms').description('表格定义');
  forms
    .command('show <form>')
    .description('显示表格定义（attachment3：附件3 监督检查表 42 项）')
    .option('--json', '以 JSON 输出')
    .action((form: string, opts: { json?: boolean }) => {
      if (form !== 'attachment3') {
        throw new AppError('VALIDATION', `未知的表格「${form}」。可用：attachment3。`, 'form');
      }
      const rows = attachment3Json();
      if (opts.json) return printJson(rows);
      print(
        formatTable(
          ['序号', '工作分类', '一级指标', '分值', '二级指标', '条款数', '督查方式'],
          rows.map((r) => [
            String(r.no),
            r.category,
            r.indicator,
            r.bonus ? `${r.points}（加分）` : String(r.points),
            r.item || '—',
            String(r.requirements.length),
            r.methods.join('/'),
          ]),
        ),
      );
    });
}
