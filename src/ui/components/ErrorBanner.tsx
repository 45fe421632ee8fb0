import type { UiError } from '../../store/types';
import { errorText } from '../errorText';

interface ErrorBannerProps {
  error: UiError;
  /** What failed, e.g. the file's name. */
  subject?: string;
  onDismiss?: () => void;
  /** Show the error's own message (which names the field or file at fault) under the title, not only in the detail. */
  showMessage?: boolean;
}

/** An error in words: what happened, what to do, and the technical detail on demand. */
export function ErrorBanner({ error, subject, onDismiss, showMessage = false }: ErrorBannerProps) {
  const text = errorText(error.code);
  const technical = [showMessage ? null : error.message, error.detail].filter(Boolean).join(' — ');
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
        {showMessage ? (
          <p className="error-banner__message" data-testid="error-message">
            {error.message}
          </p>
        ) : null}
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
