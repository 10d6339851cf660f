import { useState } from 'react';

import { downloadRegistrationsCsv } from '../api/organizer-api.js';
import { problemText } from '../components/problems.js';
import { AlertRegion } from '../components/status.js';
import { useI18n } from '../i18n/language.js';
import { useOrganizer } from './session.js';

/** Hands a file to the browser's own download, under the name the API gave it. */
function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it started; the address is not needed any more.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}

/**
 * The button that downloads the registrations as CSV. A plain link cannot carry the organizer's
 * access token, so the file is fetched with it and then saved.
 */
export function RegistrationsDownload({ eventId }: { eventId: string }) {
  const { t, language } = useI18n();
  const { call } = useOrganizer();
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<string>();

  async function download() {
    setDownloading(true);
    setError(undefined);
    try {
      const file = await call((token) => downloadRegistrationsCsv(token, eventId, language));
      saveFile(file.blob, file.fileName);
    } catch (cause) {
      setError(problemText(cause, t));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <div className="registrations-download">
      <button
        type="button"
        className="button-secondary"
        disabled={downloading}
        onClick={() => void download()}
      >
        {downloading ? t.organizerEvent.downloadingCsv : t.organizerEvent.downloadCsv}
      </button>
      <AlertRegion message={error} />
    </div>
  );
}
