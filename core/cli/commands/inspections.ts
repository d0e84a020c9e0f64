import { STATUS_LABELS } from '../../contract/inspections';
import { call, print, printJson, type CliContext } from '../context';
import { formatTable } from '../table';

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
            ['编号', '检查日期', '机构', '类型', '状态'],
            list.map((i) => [i.id, i.inspectedOn, i.agencyName, i.type, STATUS_LABELS[i.status]]),
          )}\n共 ${list.length} 个`,
        );
      }),
    );
}
