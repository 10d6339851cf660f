import { useEffect } from 'react';

const SITE_NAME = 'Lightning Talk Circle';

/** Names the page in the browser tab and for screen readers arriving on it. */
export function useDocumentTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title === undefined || title === '' ? SITE_NAME : `${title} | ${SITE_NAME}`;
  }, [title]);
}
