import type { ReactNode } from 'react';

interface PanelProps {
  title: string;
  /** One line under the title: what the panel shows, how to read it. */
  subtitle?: ReactNode;
  /** Controls at the right of the title row (toggles, totals). */
  actions?: ReactNode;
  testId?: string;
  className?: string;
  children: ReactNode;
}

/** A titled card that holds one chart or one block of results. */
export function Panel({ title, subtitle, actions, testId, className, children }: PanelProps) {
  const headingId = `panel-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={headingId} data-testid={testId}>
      <header className="panel__head">
        <div>
          <h2 className="panel__title" id={headingId}>
            {title}
          </h2>
          {subtitle ? <p className="panel__subtitle">{subtitle}</p> : null}
        </div>
        {actions ? <div className="panel__actions">{actions}</div> : null}
      </header>
      <div className="panel__body">{children}</div>
    </section>
  );
}

/** Placeholder for a chart that has no data yet. */
export function EmptyChart({ children }: { children: ReactNode }) {
  return <div className="empty-chart">{children}</div>;
}
