import type { InputOf, MethodName, OutputOf } from '../../../core/contract';
import type { ApiError } from '../../../lib/errors';
import { pickTransport, type Transport } from './transport';

/** A failed API call, carrying the contract's error (message already in Chinese). */
export class ApiCallError extends Error {
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.error = error;
  }
}

let transport: Transport | null = null;

function current(): Transport {
  transport ??= pickTransport();
  return transport;
}

/** Test hook: replace the transport. */
export function setTransport(t: Transport): void {
  transport = t;
}

export function transportKind(): Transport['kind'] {
  return current().kind;
}

export const api = {
  async call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
    const result = await current().invoke(method, input);
    if (!result.ok) throw new ApiCallError(result.error);
    return result.value as OutputOf<M>;
  },
};

/** The message to show for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiCallError) return err.error.message;
  return '操作失败，请重试。';
}
