import { useCallback, useEffect, useState } from 'react';
import type { InputOf, MethodName, OutputOf } from '../../../core/contract';
import { api, errorMessage } from './client';

export interface QueryState<T> {
  data: T | undefined;
  loading: boolean;
  error: string | null;
  reload(): void;
}

/**
 * Calls one API method and keeps its result. `loading` is derived: the shown
 * result belongs to an older request than the current one. Stale answers are dropped.
 */
export function useQuery<M extends MethodName>(method: M, input: InputOf<M>): QueryState<OutputOf<M>> {
  const inputKey = JSON.stringify(input);
  const [nonce, setNonce] = useState(0);
  const requestKey = `${method}|${inputKey}|${nonce}`;
  const [state, setState] = useState<{ key: string; data: OutputOf<M> | undefined; error: string | null }>({
    key: '',
    data: undefined,
    error: null,
  });

  useEffect(() => {
    let current = true;
    api.call(method, JSON.parse(inputKey) as InputOf<M>).then(
      (data) => current && setState({ key: requestKey, data, error: null }),
      (err: unknown) => current && setState((s) => ({ key: requestKey, data: s.data, error: errorMessage(err) })),
    );
    return () => {
      current = false;
    };
  }, [method, inputKey, requestKey]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data: state.data, loading: state.key !== requestKey, error: state.error, reload };
}
