import { useCallback, useEffect, useState } from 'react';

export type Loaded<T> = { data: T | undefined; error: unknown; loading: boolean; reload: () => void };

/** Loads data on mount and whenever deps change; reload() fetches again. */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableLoad = useCallback(load, deps);
  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    stableLoad(ctrl.signal).then(
      (data) => !ctrl.signal.aborted && setState({ data, error: null, loading: false }),
      (error: unknown) => !ctrl.signal.aborted && setState({ data: undefined, error, loading: false }),
    );
    return () => ctrl.abort();
  }, [stableLoad, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
