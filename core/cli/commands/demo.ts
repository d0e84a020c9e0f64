import { seedDemo } from '../../demo/seed';
import { print, printJson, type CliContext } from '../context';

export function registerDemo({ program, withApp }: CliContext): void {
  const demo = program.command('demo').description('演示数据');
  demo
    .command('seed')
    .description('写入演示机构、核准证、人员与检查任务（可重复运行，不会重复写入）')
    .option('--json', '以 JSON 输出结果')
    .action((opts: { json?: boolean }) =>
      withApp(async (app) => {
        const result = await seedDemo(app);
        if (opts.json) return printJson(result);
        print(
          `演示数据已就绪：新增机构 ${result.agenciesAdded} 家（已有 ${result.agenciesExisting} 家），新增检查任务 ${result.inspectionsAdded} 个。`,
        );
      }),
    );
}
