/**
 * `ducha`: the command line, sharing the services through the same dispatcher
 * the UI uses, so every command validates input exactly like the screens do.
 * `--json` prints one JSON document on stdout and nothing else.
 */
import { Command, CommanderError } from 'commander';
import { openApp, APP_VERSION, type App } from '../app';
import type { InputOf, MethodName, OutputOf } from '../contract';
import { AppError } from '../contract/errors';
import { resolveDataDir } from '../data-dir';
import { startHost } from '../host/server';
import { rendererDir, rendererIsBuilt } from '../paths';
import { seedDemo } from '../services/demo';
import { formatTable } from './table';
import { STATUS_LABELS } from '../contract/inspections';
import { ATTACHMENT3_ITEMS } from '../../forms/attachment3';

interface GlobalOptions {
  dataDir?: string;
}

export async function call<M extends MethodName>(app: App, method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const result = await app.dispatch(method, input);
  if (!result.ok) throw new AppError(result.error.code, result.error.message, result.error.path);
  return result.value as OutputOf<M>;
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export interface CliIo {
  open: (opts: GlobalOptions) => App;
  /** Called by long-running commands (serve) so main() does not exit the process. */
  keepRunning?: () => void;
}

export function buildProgram(io: CliIo): Command {
  const program = new Command();
  program
    .name('ducha')
    .description('督查台 — 特种设备检验检测机构监督检查（离线）')
    .version(APP_VERSION, '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .option('--data-dir <dir>', '数据目录（默认：DUCHA_DATA_DIR 或系统应用数据目录）')
    .showHelpAfterError('（运行 ducha --help 查看用法）');
  program.addHelpCommand('help [command]', '显示某个命令的帮助');

  const withApp = async <T>(fn: (app: App) => Promise<T> | T): Promise<T> => {
    const app = io.open(program.opts<GlobalOptions>());
    try {
      return await fn(app);
    } finally {
      app.close();
    }
  };

  program
    .command('serve')
    .description('启动本机浏览器服务并打印网址')
    .option('--port <n>', '端口（0 = 自动选择空闲端口）', '0')
    .action(async (opts: { port: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new AppError('VALIDATION', `端口「${opts.port}」无效，应为 0–65535 的整数。`, 'port');
      }
      if (!rendererIsBuilt()) {
        throw new AppError('NOT_FOUND', `界面尚未构建（找不到 ${rendererDir()}/index.html）。请先运行 npm run build。`);
      }
      const app = io.open(program.opts<GlobalOptions>());
      const host = await startHost({ dispatch: app.dispatch, staticDir: rendererDir(), port });
      process.stdout.write(`督查台已在本机启动，请用浏览器打开：\n${host.url}\n数据目录：${app.ctx.dataDir}\n按 Ctrl+C 停止。\n`);
      const stop = () => {
        void host.close().then(() => {
          app.close();
          process.exit(0);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      io.keepRunning?.();
    });

  const demo = program.command('demo').description('演示数据');
  demo
    .command('seed')
    .description('写入演示机构、核准证与检查任务（可重复运行，不会重复写入）')
    .option('--json', '以 JSON 输出结果')
    .action((opts: { json?: boolean }) =>
      withApp(async (app) => {
        const result = await seedDemo(app);
        if (opts.json) printJson(result);
        else
          process.stdout.write(
            `演示数据已就绪：新增机构 ${result.agenciesAdded} 家（已有 ${result.agenciesExisting} 家），新增检查任务 ${result.inspectionsAdded} 个。\n`,
          );
      }),
    );

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
        process.stdout.write(
          `${formatTable(
            ['统一社会信用代码', '法人单位名称', '所在区', '类别', '核准证'],
            list.map((a) => [
              a.creditCode,
              a.name,
              a.district,
              a.kind,
              a.certificates.map((c) => `${c.certNo}（${c.status.label}）`).join('；') || '—',
            ]),
          )}\n共 ${list.length} 家\n`,
        );
      }),
    );

  const inspections = program.command('inspections').description('检查任务');
  inspections
    .command('list')
    .description('列出检查任务')
    .option('--json', '以 JSON 输出')
    .action((opts: { json?: boolean }) =>
      withApp(async (app) => {
        const list = await call(app, 'inspections/list', {});
        if (opts.json) return printJson(list);
        process.stdout.write(
          `${formatTable(
            ['编号', '检查日期', '机构', '类型', '状态'],
            list.map((i) => [i.id, i.inspectedOn, i.agencyName, i.type, STATUS_LABELS[i.status]]),
          )}\n共 ${list.length} 个\n`,
        );
      }),
    );

  const forms = program.command('forms').description('表格定义');
  forms
    .command('show <form>')
    .description('显示表格定义（attachment3：附件3 监督检查表 42 项）')
    .option('--json', '以 JSON 输出')
    .action((form: string, opts: { json?: boolean }) => {
      if (form !== 'attachment3') {
        throw new AppError('VALIDATION', `未知的表格「${form}」。可用：attachment3。`, 'form');
      }
      const rows = ATTACHMENT3_ITEMS.map((i) => ({
        no: i.no,
        category: i.category,
        indicator: i.indicator,
        points: i.points,
        bonus: i.bonus,
        item: i.item,
        requirements: [...i.requirements],
        methods: [...i.methods],
      }));
      if (opts.json) return printJson(rows);
      process.stdout.write(
        `${formatTable(
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
        )}\n`,
      );
    });

  return program;
}

/** Runs the CLI; resolves to the exit code, or 'running' while a server is up. */
export async function main(argv: string[]): Promise<number | 'running'> {
  let running = false;
  const program = buildProgram({
    open: (opts) => openApp({ dataDir: resolveDataDir(opts.dataDir), host: 'cli' }),
    keepRunning: () => {
      running = true;
    },
  });
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return running ? 'running' : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return err.exitCode;
    }
    if (err instanceof AppError) {
      process.stderr.write(`错误：${err.message}${err.path ? `（${err.path}）` : ''}\n`);
      return err.code === 'VALIDATION' || err.code === 'NOT_FOUND' ? 2 : 1;
    }
    process.stderr.write(`错误：${(err as Error).message}\n`);
    return 1;
  }
}
