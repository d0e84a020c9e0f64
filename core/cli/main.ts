/**
 * `ducha`: the command line, sharing the services through the same dispatcher
 * the UI uses, so every command validates input exactly like the screens do.
 * Each domain registers its commands from core/cli/commands/.
 */
import { Command, CommanderError } from 'commander';
import { openApp, APP_VERSION, type App, type DataDirAccess } from '../app';
import { AppError } from '../../lib/errors';
import { resolveDataDir } from '../data-dir';
import type { CliContext } from './context';
import { registerAgencies } from './commands/agencies';
import { registerAudit } from './commands/audit';
import { registerPdf } from './commands/pdf';
import { registerDemo } from './commands/demo';
import { registerForms } from './commands/forms';
import { registerInspections } from './commands/inspections';
import { registerPersonnel } from './commands/personnel';
import { registerServe } from './commands/serve';
import { registerTemplates } from './commands/templates';
import { registerBundle } from './commands/bundle';
import { registerKeys } from './commands/keys';
import { registerSync } from './commands/sync';
import { registerReceiver } from './commands/receiver';
import { registerReport } from './commands/report';
import { registerRole } from './commands/role';
import { registerReviews } from './commands/reviews';

export { call } from './context';

const REGISTRARS: ((ctx: CliContext) => void)[] = [
  registerServe,
  registerDemo,
  registerForms,
  registerAgencies,
  registerPersonnel,
  registerInspections,
  registerAudit,
  registerPdf,
  registerTemplates,
  registerKeys,
  registerBundle,
  registerSync,
  registerReceiver,
  registerReport,
  registerRole,
  registerReviews,
];

/**
 * `access`: one-shot commands (withApp) open with 'read-if-busy', so `ducha inspections
 * list` still answers while the app has the folder open, and any write they attempt is
 * refused naming the holder; `serve` (openApp) holds the folder exclusively.
 */
export function buildProgram(open: (dataDir: string | undefined, access?: DataDirAccess) => App, keepRunning: () => void): Command {
  const program = new Command();
  program
    .name('ducha')
    .description('督查台 — 特种设备检验检测机构监督检查（离线）')
    .version(APP_VERSION, '-V, --version', '显示版本号')
    .helpOption('-h, --help', '显示帮助')
    .option('--data-dir <dir>', '数据目录（默认：DUCHA_DATA_DIR 或系统应用数据目录）')
    .showHelpAfterError('（运行 ducha --help 查看用法）');
  program.helpCommand('help [command]', '显示某个命令的帮助');

  const ctx: CliContext = {
    program,
    openApp: () => open(program.opts<{ dataDir?: string }>().dataDir),
    async withApp(fn) {
      const app = open(program.opts<{ dataDir?: string }>().dataDir, 'read-if-busy');
      try {
        return await fn(app);
      } finally {
        app.close();
      }
    },
    keepRunning,
  };
  for (const register of REGISTRARS) register(ctx);
  return program;
}

/** Runs the CLI; resolves to the exit code, or 'running' while a server is up. */
export async function main(argv: string[]): Promise<number | 'running'> {
  let running = false;
  const program = buildProgram(
    (dataDir, access) => openApp({ dataDir: resolveDataDir(dataDir), host: 'cli', ...(access ? { access } : {}) }),
    () => {
      running = true;
    },
  );
  program.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return running ? 'running' : 0;
  } catch (err) {
    // --help and --version end here too, with exit code 0.
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof AppError) {
      process.stderr.write(`错误：${err.message}${err.path ? `（${err.path}）` : ''}\n`);
      return err.code === 'VALIDATION' || err.code === 'NOT_FOUND' ? 2 : 1;
    }
    process.stderr.write(`错误：${(err as Error).message}\n`);
    return 1;
  }
}
