import { useId, useState } from 'react';

/**
 * A destructive action asked twice: the first press shows the question with "yes" and "no",
 * and focus lands on "no" so that a second stray press changes nothing.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  keepLabel,
  busy,
  onConfirm,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  keepLabel: string;
  busy: boolean;
  onConfirm: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const questionId = useId();

  if (!confirming) {
    return (
      <button
        type="button"
        className="button-danger"
        onClick={() => {
          setConfirming(true);
        }}
      >
        {label}
      </button>
    );
  }

  return (
    <div role="group" aria-labelledby={questionId} className="confirm">
      <p id={questionId}>{question}</p>
      <div className="button-row">
        <button type="button" className="button-danger" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button
          type="button"
          className="button-secondary"
          autoFocus
          onClick={() => {
            setConfirming(false);
          }}
        >
          {keepLabel}
        </button>
      </div>
    </div>
  );
}
