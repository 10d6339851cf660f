import { useI18n } from '../i18n/language.js';
import type { ConnectionState } from './live-socket.js';

/** Whether the page is following the night live, said politely when it changes. */
export function ConnectionStatus({ state }: { state: ConnectionState }) {
  const { t } = useI18n();
  return (
    <p role="status" aria-live="polite" className={`connection connection--${state}`}>
      <span className="connection__dot" aria-hidden="true" />
      {t.live.connection[state]}
    </p>
  );
}
