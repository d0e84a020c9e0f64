import fs from 'node:fs';
import { AppError } from '../../../lib/errors';
import { call, print, printJson, type CliContext } from '../context';
import { formatTable } from '../table';

/** Reads a template file; a missing or non-JSON file is refused before anything is opened. */
function readTemplateFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new AppError('NOT_FOUND', `无法读取模板文件 ${file}。请检查路径是否正确。`, 'file');
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (err) {
    throw new AppError('VALIDATION', `模板文件 ${file} 不是有效的 JSON（${(err as Error).message}）。请检查文件内容后重试。`, 'file');
  }
}

export function registerTemplates({ program, withApp }: CliContext): void {
  const templates = program.command('templates').description('附件3 评分模板（各项满分分配）');
  templates
    .command('list')
    .description('列出评分模板，标出新建检查使用的默认模板')
    .option('--json', '以 JSON 输出')
    .action((opts: { json?: boolean }) =>
      withApp(async (app) => {
        const list = await call(app, 'templates/list', {});
        if (opts.json) return printJson(list);
        print(
          `${formatTable(
            ['编号', '版本', '名称', '默认', '来源'],
            list.map((t) => [t.id, t.version, t.name, t.isDefault ? '是' : '', t.builtIn ? '内置' : '导入']),
          )}\n共 ${list.length} 个`,
        );
      }),
    );
  templates
    .command('import <file>')
    .description('导入评分模板 JSON 文件（各一级指标满分合计须与通知一致）')
    .option('--default', '导入后设为新建检查的默认模板')
    .option('--json', '以 JSON 输出')
    .action((file: string, opts: { default?: boolean; json?: boolean }) =>
      withApp(async (app) => {
        const template = readTemplateFile(file);
        const result = await call(app, 'templates/import', { template, makeDefault: opts.default === true });
        if (opts.json) return printJson(result);
        const t = result.template;
        print(
          `${result.created ? '已导入' : '模板已存在，内容相同，未重复导入'}：${t.name}（${t.id}，版本 ${t.version}）${t.isDefault ? '，已设为默认模板' : ''}。`,
        );
      }),
    );
  templates
    .command('set-default <id> <version>')
    .description('设定新建检查使用的默认评分模板（已有检查任务不受影响）')
    .action((id: string, version: string) =>
      withApp(async (app) => {
        const t = await call(app, 'templates/setDefault', { id, version });
        print(`默认评分模板已设为：${t.name}（${t.id}，版本 ${t.version}）。已有检查任务仍按原模板评分。`);
      }),
    );
}
