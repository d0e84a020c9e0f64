import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputOf, MethodName, OutputOf } from '../../../core/contract';
import { api, errorMessage } from './client';

export interface QueryState<T> {
  data: T | undefined;
  loading: boolean;
  error: string | null;
  reload(): void;
}

/** Calls one API method and keeps its result; the latest call wins. */
export function useQuery<M extends MethodName>(method: M, input: InputOf<M>): QueryState<OutputOf<M>> {
  const key = JSON.stringify(input);
  const [state, setState] = useState<{ data: OutputOf<M> | undefined; loading: boolean; error: string | null }>({
    data: undefined,
    loading: true,
    error: null,
  });
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    api.call(method, JSON.parse(key) as InputOf<M>).then(
      (data) => ticket === latest.current && setState({ data, loading: false, error: null }),
      (err: unknown) => ticket === latest.current && setState((s) => ({ ...s, loading: false, error: errorMessage(err) })),
    );
  }, [method, key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { ...state, reload };
}
