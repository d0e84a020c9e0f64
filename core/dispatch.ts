/**
 * The one dispatcher every transport calls: find the method, refuse text no UTF-8
 * can carry, validate the input with its zod schema, run the service, check the
 * output, and turn any failure into `{ ok: false, error: { code, message, path } }`.
 * Stack traces go to the log, never to the caller.
 */
import type { z } from 'zod';
import { contract, isMethodName, type MethodName } from './contract';
import { AppError, type ApiResult } from '../lib/errors';
import { findIllFormed, illFormedMessage } from '../lib/well-formed';
import type { ServiceContext } from './context';
import type { Handler, Handlers } from './handlers';

export type Dispatch = (method: string, input: unknown) => Promise<ApiResult<unknown>>;

export interface DispatcherOptions {
  /** Where unexpected errors are reported (default: stderr). */
  logError?: (method: string, err: unknown) => void;
}

export function zodIssueToError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const more = error.issues.length > 1 ? `（另有 ${error.issues.length - 1} 处问题）` : '';
  return new AppError('VALIDATION', `${issue?.message ?? '输入不正确'}${more}`, path);
}

/** SQLite constraint failures that slipped past a service's own checks. */
function sqliteError(err: unknown): AppError | undefined {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new AppError('CONFLICT', '保存失败：数据与已有记录冲突（重复或仍被引用）。请检查后重试，未写入任何内容。');
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError('CONFLICT', '数据库正被另一个程序使用，请稍后重试。');
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new AppError('INTEGRITY', '数据库文件已损坏，请从备份恢复数据目录。');
  }
  return undefined;
}

export function createDispatcher(handlers: Handlers, ctx: ServiceContext, options: DispatcherOptions = {}): Dispatch {
  const logError =
    options.logError ??
    ((method: string, err: unknown) => {
      console.error(`[ducha] ${method} failed:`, err);
    });

  return async (method, rawInput) => {
    if (!isMethodName(method)) {
      const name = method.toWellFormed();
      return { ok: false, error: { code: 'NOT_FOUND', message: `未知的接口「${name}」。请升级程序或联系维护人员。` } };
    }
    const def = contract[method];
    // Every transport hands over JSON-shaped input (HTTP bodies, IPC, CLI). A lone
    // surrogate in any string or key would be stored as U+FFFD by SQLite or break the
    // canonical hashes later, whatever the method's schema says, so it is refused here
    // for all methods at once, before the schema sees it.
    const illFormed = findIllFormed(rawInput);
    if (illFormed) {
      const path = illFormed.path.length > 0 ? illFormed.path.map(String).join('.') : undefined;
      return { ok: false, error: new AppError('VALIDATION', illFormedMessage(illFormed.kind), path).toJSON() };
    }
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: zodIssueToError(parsed.error).toJSON() };
    try {
      const handler = handlers[method] as Handler<MethodName>;
      const value = await handler(parsed.data as never, ctx);
      const out = def.output.safeParse(value);
      if (!out.success) {
        logError(method, out.error);
        return { ok: false, error: { code: 'INTERNAL', message: '程序内部错误：返回的数据不符合约定。请重试，若反复出现请联系维护人员。' } };
      }
      return { ok: true, value: out.data };
    } catch (err) {
      if (err instanceof AppError) return { ok: false, error: err.toJSON() };
      const mapped = sqliteError(err);
      if (mapped) {
        logError(method, err);
        return { ok: false, error: mapped.toJSON() };
      }
      logError(method, err);
      return { ok: false, error: { code: 'INTERNAL', message: '程序内部错误，操作未完成，数据未被修改。请重试，若反复出现请联系维护人员。' } };
    }
  };
}
