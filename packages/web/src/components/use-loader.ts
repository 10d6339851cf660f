import { useCallback, useEffect, useState } from 'react';

export type LoadState<T> =
  { status: 'loading' } | { status: 'loaded'; data: T } | { status: 'failed'; error: unknown };

export interface Loader<T> {
  state: LoadState<T>;
  /** Loads again; the data already shown stays until the new data arrives. */
  reload: () => void;
  /** Replaces the data with what a change returned, without another round trip. */
  setData: (data: T) => void;
}

type Keyed<T> = LoadState<T> & { key: string };

/**
 * Runs `load` on mount and whenever `inputs` change, aborting the previous run so that the
 * answer to an old request never overwrites a newer one. Data loaded for other inputs (another
 * event id, say) is never shown as if it belonged to the new ones.
 */
export function useLoader<T>(
  load: (signal: AbortSignal) => Promise<T>,
  inputs: readonly (string | number | boolean | undefined)[],
): Loader<T> {
  const key = JSON.stringify(inputs);
  const [state, setState] = useState<Keyed<T>>({ status: 'loading', key });
  const [round, setRound] = useState(0);

  // `load` is a new function on every render; `key` says when it asks for something new.
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'loaded', data, key });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', error, key });
      },
    );
    return () => {
      controller.abort();
    };
  }, [key, round]);

  const reload = useCallback(() => {
    setRound((current) => current + 1);
  }, []);
  const setData = useCallback(
    (data: T) => {
      setState({ status: 'loaded', data, key });
    },
    [key],
  );

  return { state: state.key === key ? state : { status: 'loading' }, reload, setData };
}
