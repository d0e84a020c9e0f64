/**
 * The single IPC channel. The main process checks who is calling before the
 * dispatcher (which validates the input against the contract) sees anything.
 */
import type { ApiResult } from '../lib/errors';
import type { Dispatch } from '../core/dispatch';
import { isTrustedSender } from './security';

export const IPC_CHANNEL = 'ducha:invoke';

export interface IpcEventLike {
  senderFrame: { url: string; isMainFrame?: boolean; parent?: unknown } | null;
}

export function createIpcHandler(dispatch: Dispatch) {
  return async (event: IpcEventLike, method: unknown, input: unknown): Promise<ApiResult<unknown>> => {
    const frame = event.senderFrame;
    const trusted = isTrustedSender(
      frame ? { url: frame.url, isMainFrame: frame.isMainFrame ?? frame.parent === null } : null,
    );
    if (!trusted) {
      return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝访问：调用不是来自督查台自身页面。' } };
    }
    if (typeof method !== 'string' || method.length > 100) {
      return { ok: false, error: { code: 'VALIDATION', message: '接口名称无效。' } };
    }
    return dispatch(method, input);
  };
}
