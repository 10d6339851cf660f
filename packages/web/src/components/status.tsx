import type { ReactNode } from 'react';

import { useI18n } from '../i18n/language.js';
import { problemText } from './problems.js';
import type { LoadState } from './use-loader.js';

/**
 * A polite live region that is always in the page, so screen readers announce what appears in
 * it later (saved, registered, cancelled).
 */
export function StatusRegion({ children }: { children?: ReactNode }) {
  return (
    <div role="status" aria-live="polite" className="status-region">
      {children}
    </div>
  );
}

/** An error announced at once; empty until there is one. */
export function AlertRegion({ message }: { message: string | undefined }) {
  return (
    <div role="alert" className="alert-region">
      {message !== undefined && <p className="notice notice-error">{message}</p>}
    </div>
  );
}

/** Shows "loading" or the failure of a load; renders `children` with the data once loaded. */
export function Loaded<T>({
  state,
  children,
}: {
  state: LoadState<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  if (state.status === 'loading') {
    return (
      <p className="loading" role="status">
        {t.common.loading}
      </p>
    );
  }
  if (state.status === 'failed') {
    return (
      <p className="notice notice-error" role="alert">
        {problemText(state.error, t)}
      </p>
    );
  }
  return <>{children(state.data)}</>;
}
