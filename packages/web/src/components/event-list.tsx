import { useState } from 'react';

import type { EventView, Page } from '../api/types.js';
import { useI18n } from '../i18n/language.js';
import { EventCard } from './event-card.js';
import { problemText } from './problems.js';
import { AlertRegion } from './status.js';
import type { Loader } from './use-loader.js';

/**
 * A list of event cards with a "load more" button that follows the API's cursor. The first
 * page comes from `loader`; further pages are appended below it.
 */
export function EventList<T extends EventView>({
  loader,
  loadMore,
  emptyText,
  hrefOf,
  headingLevel,
}: {
  loader: Loader<Page<T>>;
  loadMore: (cursor: string) => Promise<Page<T>>;
  emptyText: string;
  hrefOf?: (event: T) => string;
  /** Level of each card's title: 2 right under the page title, 3 inside a section. */
  headingLevel: 2 | 3;
}) {
  const { t } = useI18n();
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string>();
  const { state } = loader;

  if (state.status === 'loading') return <p className="loading">{t.common.loading}</p>;
  if (state.status === 'failed') {
    return (
      <p className="notice notice-error" role="alert">
        {problemText(state.error, t)}
      </p>
    );
  }

  const page = state.data;
  async function more(cursor: string) {
    setLoadingMore(true);
    setError(undefined);
    try {
      const next = await loadMore(cursor);
      loader.setData({ items: [...page.items, ...next.items], nextCursor: next.nextCursor });
    } catch (cause) {
      setError(problemText(cause, t));
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <>
      {page.items.length === 0 ? (
        <p>{emptyText}</p>
      ) : (
        <ul className="card-list">
          {page.items.map((event) => (
            <li key={event.id}>
              <EventCard event={event} href={hrefOf?.(event)} headingLevel={headingLevel} />
            </li>
          ))}
        </ul>
      )}
      <AlertRegion message={error} />
      {page.nextCursor !== undefined && (
        <button
          type="button"
          className="button-secondary"
          disabled={loadingMore}
          onClick={() => void more(page.nextCursor ?? '')}
        >
          {loadingMore ? t.common.loading : t.common.loadMore}
        </button>
      )}
    </>
  );
}
