import { AppError } from '../../../lib/errors';
import { startHost } from '../../host/server';
import { rendererDir, rendererIsBuilt } from '../../paths';
import { startSender } from '../../sync/sender';
import { print, type CliContext } from '../context';

export function registerServe({ program, openApp, keepRunning }: CliContext): void {
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
      const app = openApp();
      // Delivers signed inspections to the bureau's receiver, once one is connected.
      const sender = startSender(app.ctx);
      const host = await startHost({ dispatch: app.dispatch, staticDir: rendererDir(), port });
      print(`督查台已在本机启动，请用浏览器打开：\n${host.url}\n数据目录：${app.ctx.dataDir}\n按 Ctrl+C 停止。`);
      const stop = () => {
        void Promise.all([host.close(), sender.stop()]).then(() => {
          app.close();
          process.exit(0);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      keepRunning();
    });
}
