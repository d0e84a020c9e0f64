import { STATUS_LABELS, type InspectionSummary } from '../../contract/inspections';
import { call, print, printJson, type CliContext } from '../context';
import { formatTable } from '../table';

/** 得分 column: total (with bonus) and progress; 考试机构 are not scored on 附件3. */
function scoreCell(i: InspectionSummary): string {
  if (i.total === null || i.scoredCount === null) return '—';
  if (i.scoredCount === 0) return '未评分';
  return i.scoredCount === 42 ? String(i.total) : `${i.total}（已评 ${i.scoredCount}/42）`;
}

export function registerInspections({ program, withApp }: CliContext): void {
  const inspections = program.command('inspections').description('检查任务');
  inspections
    .command('list')
    .description('列出检查任务')
    .option('--json', '以 JSON 输出')
    .action((opts: { json?: boolean }) =>
      withApp(async (app) => {
        const list = await call(app, 'inspections/list', {});
        if (opts.json) return printJson(list);
        print(
          `${formatTable(
            ['编号', '检查日期', '机构', '类型', '状态', '得分'],
            list.map((i) => [i.id, i.inspectedOn, i.agencyName, i.type, STATUS_LABELS[i.status], scoreCell(i)]),
          )}\n共 ${list.length} 个`,
        );
      }),
    );
}
