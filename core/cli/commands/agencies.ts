import { call, print, printJson, type CliContext } from '../context';
import { formatTable } from '../table';

export function registerAgencies({ program, withApp }: CliContext): void {
  const agencies = program.command('agencies').description('机构');
  agencies
    .command('list')
    .description('列出机构')
    .option('--query <text>', '按名称或统一社会信用代码搜索')
    .option('--json', '以 JSON 输出')
    .action((opts: { json?: boolean; query?: string }) =>
      withApp(async (app) => {
        const list = await call(app, 'agencies/list', opts.query ? { query: opts.query } : {});
        if (opts.json) return printJson(list);
        print(
          `${formatTable(
            ['统一社会信用代码', '法人单位名称', '所在区', '类别', '核准证'],
            list.map((a) => [
              a.creditCode,
              a.name,
              a.district,
              a.kind,
              a.certificates.map((c) => `${c.certNo}（${c.status.label}）`).join('；') || '—',
            ]),
          )}\n共 ${list.length} 家`,
        );
      }),
    );
}
