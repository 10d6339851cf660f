import { Suspense, useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';

import { useI18n } from '../i18n/language.js';

/** Offers the other language, written in that language so that its readers recognise it. */
function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  const other = language === 'ja' ? 'en' : 'ja';
  return (
    <button
      type="button"
      className="language-switch"
      lang={other}
      onClick={() => {
        setLanguage(other);
      }}
    >
      {t.nav.otherLanguage}
    </button>
  );
}

/** Page frame: skip link, header with navigation and language switch, main, footer. */
export function Layout() {
  const { t } = useI18n();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(location.pathname);

  // After moving to another page, start reading (and tabbing) from its content, as a full page
  // load would; the first page keeps the browser's usual start.
  useEffect(() => {
    if (location.pathname === firstPath.current) return;
    firstPath.current = '';
    window.scrollTo(0, 0);
    main.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t.nav.skipToContent}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="site-name" lang="en">
            Lightning Talk Circle
          </Link>
          <nav aria-label={t.nav.label}>
            <ul>
              <li>
                <NavLink to="/" end>
                  {t.nav.upcoming}
                </NavLink>
              </li>
              <li>
                <NavLink to="/past">{t.nav.past}</NavLink>
              </li>
              <li>
                <NavLink to="/organizer">{t.nav.organizer}</NavLink>
              </li>
            </ul>
          </nav>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense
          fallback={
            <p className="loading" role="status">
              {t.common.loading}
            </p>
          }
        >
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t.common.footer}</p>
      </footer>
    </>
  );
}
