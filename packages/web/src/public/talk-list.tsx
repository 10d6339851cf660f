import type { PublicTalk } from '../api/types.js';
import { ExternalLink } from '../components/links.js';
import { useI18n } from '../i18n/language.js';

/** The accepted talks of an event, in the order they will be given. */
export function TalkList({ talks }: { talks: readonly PublicTalk[] }) {
  const { t } = useI18n();
  if (talks.length === 0) return <p>{t.talks.none}</p>;

  return (
    <ol className="talk-list">
      {talks.map((talk) => (
        <li key={talk.id} className="card talk">
          <h3 className="card-title">{talk.title}</h3>
          <p className="talk-meta">
            <span>{t.talks.by(talk.speakerName)}</span>{' '}
            <span className="badge">{t.categories[talk.category]}</span>
          </p>
          <p className="multiline">{talk.abstract}</p>
          {talk.slideUrl !== undefined && (
            <p>
              <ExternalLink href={talk.slideUrl}>{t.talks.slides}</ExternalLink>
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
