import { AppError } from '../../../lib/errors';
import { call, print, printJson, type CliContext } from '../context';

export function registerAudit({ program, withApp }: CliContext): void {
  const audit = program.command('audit').description('操作日志');
  audit
    .command('verify')
    .description('核验一次检查的记录：操作日志哈希链、各签署版本的哈希与设备签章及其彼此一致；完整时退出码 0，否则指出问题')
    .requiredOption('--inspection <id>', '检查任务编号')
    .option('--json', '以 JSON 输出')
    .action((opts: { inspection: string; json?: boolean }) =>
      withApp(async (app) => {
        const { check, record } = await call(app, 'inspections/audit', { id: opts.inspection });
        if (opts.json) printJson({ ...check, record });
        else if (record.ok && check.ok) print(`操作日志完整：共 ${check.entries} 条，哈希链无断点；各签署版本的哈希与设备签章均有效，并与操作日志一致。`);
        if (!check.ok) {
          throw new AppError('INTEGRITY', `操作日志已被改动：${check.reason}（共 ${check.entries} 条）。`);
        }
        if (!record.ok) {
          throw new AppError('INTEGRITY', `检查记录已被改动：${record.problems.join('；')}。`);
        }
      }),
    );
}
