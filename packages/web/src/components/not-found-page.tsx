import { Link } from 'react-router';

import { useI18n } from '../i18n/language.js';
import { useDocumentTitle } from './use-document-title.js';

/** Shown for any path the site does not have. */
export function NotFoundPage() {
  const { t } = useI18n();
  useDocumentTitle(t.notFound.heading);
  return (
    <>
      <h1>{t.notFound.heading}</h1>
      <p>{t.notFound.body}</p>
      <p>
        <Link to="/">{t.notFound.home}</Link>
      </p>
    </>
  );
}
