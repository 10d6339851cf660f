import { useEffect, useRef, type ReactNode } from 'react';

/**
 * Where the result of a form appears once it is sent. The headline sits in a live region that
 * is always in the page, so it is announced; it also takes focus, because the form it replaces
 * is gone. The details (links, buttons) follow outside the live region, so they are not read
 * out as one long announcement.
 */
export function OutcomeRegion({
  headline,
  tone = 'ok',
  children,
}: {
  /** Nothing is shown while undefined. */
  headline: string | undefined;
  tone?: 'ok' | 'waitlisted';
  children?: ReactNode;
}) {
  const headlineRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (headline !== undefined) headlineRef.current?.focus();
  }, [headline]);

  return (
    <div className={headline === undefined ? undefined : `outcome outcome-${tone}`}>
      <div role="status" aria-live="polite">
        {headline !== undefined && (
          <p ref={headlineRef} tabIndex={-1} className="outcome__headline">
            {headline}
          </p>
        )}
      </div>
      {headline !== undefined && children}
    </div>
  );
}
