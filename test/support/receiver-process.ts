/**
 * A real receiver in its own process, made and run through its CLI exactly as a bureau's
 * administrator would (`ducha receiver init`, `serve`, `devices approve`), on 127.0.0.1
 * and a port chosen at run time. It can be killed hard (SIGKILL) and started again on the
 * same folder and port, to test what survives a crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/paths';

const BIN = path.join(PROJECT_ROOT, 'bin', 'ducha.mjs');
const START_LINE = /已启动，监听 (https?:\/\/[^\s（]+)/;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ReceiverProcess {
  url: string;
  port: number;
  dataDir: string;
  connectionFile: string;
  connectionText: string;
  /** Everything the serving process printed so far (all of its runs). */
  output(): string;
  /** Runs `ducha ARGS --dir DATA`. */
  cli(args: string[]): Promise<CliResult>;
  /** SIGKILL: no shutdown, no flush beyond what was already durable. */
  kill(): Promise<void>;
  /** Serves the same folder on the same port again. */
  restart(): Promise<void>;
  /** Stops the server (SIGTERM) and removes its folder. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function runCli(args: string[], timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ducha ${args.join(' ')} did not finish in ${timeoutMs} ms: ${stdout}${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

export interface ReceiverProcessOptions {
  name?: string;
  maxBundleMb?: number;
  extraServeArgs?: string[];
  /** The port to serve on (default: a free one). */
  port?: number;
  /** The addresses in the connection file (default: this receiver's own), e.g. a proxy in front of it. */
  urls?: string[];
}

export async function startReceiver(options: ReceiverProcessOptions = {}): Promise<ReceiverProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ducha-receiver-'));
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const urls = options.urls ?? [url];
  const init = await runCli(['receiver', 'init', '--dir', dataDir, '--name', options.name ?? '上海市市场监督管理局（测试接收端）', ...urls.flatMap((u) => ['--url', u])]);
  if (init.code !== 0) throw new Error(`receiver init failed (${init.code}): ${init.stderr}${init.stdout}`);
  const connectionFile = path.join(dataDir, 'connection.ducha-receiver.json');
  const connectionText = fs.readFileSync(connectionFile, 'utf8');

  let child: ChildProcess | null = null;
  let printed = '';

  const serve = () =>
    new Promise<void>((resolve, reject) => {
      const args = [BIN, 'receiver', 'serve', '--dir', dataDir, '--port', String(port), ...(options.maxBundleMb ? ['--max-bundle-mb', String(options.maxBundleMb)] : []), ...(options.extraServeArgs ?? [])];
      const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      let mine = '';
      const timer = setTimeout(() => reject(new Error(`receiver serve printed no start line in 30 s: ${mine}`)), 30_000);
      const onData = (d: Buffer) => {
        mine += d.toString();
        printed += d.toString();
        if (START_LINE.test(mine)) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (child === proc) child = null;
        reject(new Error(`receiver serve exited (${code ?? signal}): ${mine}`));
      });
    });

  const waitExit = (proc: ChildProcess, signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });

  await serve();
  return {
    url,
    port,
    dataDir,
    connectionFile,
    connectionText,
    output: () => printed,
    cli: (args) => runCli([...args, '--dir', dataDir]),
    kill: async () => {
      const proc = child;
      child = null;
      if (proc) await waitExit(proc, 'SIGKILL');
    },
    restart: async () => {
      if (child) throw new Error('receiver is still running');
      await serve();
    },
    stop: async () => {
      const proc = child;
      child = null;
      if (proc) await waitExit(proc, 'SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
