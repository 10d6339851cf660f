import { useState, type ReactNode } from 'react';

import { useI18n } from '../i18n/language.js';

/** Only http(s) links leave the site: anything else a person typed is shown as plain text. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** A link to another site, such as a speaker's slides or an online meeting. */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  const safe = safeHttpUrl(href);
  if (safe === undefined) return <span>{href}</span>;
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/**
 * The private link to a registration or a talk, with a button that copies it. Nothing else
 * leads back to the entry in this version, so the text asks the person to keep it.
 */
export function PrivateLink({ href, label }: { href: string; label: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(href);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div className="private-link">
      <p>
        <strong>{label}</strong>
      </p>
      <p>
        <a href={href} className="private-link__url">
          {href}
        </a>
      </p>
      <p className="hint">{t.manage.keepLinkNoEmail}</p>
      <button type="button" className="button-secondary" onClick={() => void copy()}>
        {copied ? t.manage.copied : t.manage.copyLink}
      </button>
    </div>
  );
}

/** The address of the private page for an entry; the token rides in the fragment only. */
export function privateLinkHref(
  kind: 'registration' | 'talk',
  eventId: string,
  id: string,
  token: string,
) {
  const path = `/manage/${kind}/${encodeURIComponent(eventId)}/${encodeURIComponent(id)}`;
  return `${window.location.origin}${path}#token=${encodeURIComponent(token)}`;
}
