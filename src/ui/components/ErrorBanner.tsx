import type { UiError } from '../../store/types';
import { errorText } from '../errorText';

interface ErrorBannerProps {
  error: UiError;
  /** What failed, e.g. the file's name. */
  subject?: string;
  onDismiss?: () => void;
}

/** An error in words: what happened, what to do, and the technical detail on demand. */
export function ErrorBanner({ error, subject, onDismiss }: ErrorBannerProps) {
  const text = errorText(error.code);
  const technical = [error.message, error.detail].filter(Boolean).join(' — ');
  return (
    <div className="error-banner" role="alert" data-testid="error-banner" data-code={error.code}>
      <svg className="error-banner__icon" viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="10" cy="10" r="9" fill="currentColor" />
        <rect x="9" y="4.5" width="2" height="7" rx="1" fill="#fff" />
        <circle cx="10" cy="14.5" r="1.2" fill="#fff" />
      </svg>
      <div className="error-banner__text">
        <p className="error-banner__title">
          {subject ? <span className="error-banner__subject">{subject}: </span> : null}
          {text.title}
        </p>
        <p className="error-banner__action">{text.action}</p>
        {technical ? (
          <details className="error-banner__detail">
            <summary>Technical detail</summary>
            <code>
              {error.code}: {technical}
            </code>
          </details>
        ) : null}
      </div>
      {onDismiss ? (
        <button type="button" className="button button--ghost" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      ) : null}
    </div>
  );
}
