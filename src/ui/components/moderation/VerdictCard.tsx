import type { Verdict } from '../../../features/moderation/verdict';

const WORDS: Record<Verdict['decision'], string> = {
  allow: 'Allow',
  review: 'Needs review',
  block: 'Block',
};

interface VerdictCardProps {
  verdict: Verdict;
  onExport: () => void;
}

/** The clip's verdict, its reasons in words, and the report export. */
export function VerdictCard({ verdict, onExport }: VerdictCardProps) {
  return (
    <div className={`moderation-verdict moderation-verdict--${verdict.decision}`}>
      <p className="moderation-verdict__decision" data-testid="moderation-verdict" data-decision={verdict.decision}>
        {WORDS[verdict.decision]}
      </p>
      <ul className="moderation-verdict__reasons" data-testid="moderation-reasons">
        {verdict.reasons.map((r) => (
          <li key={r.text} data-decision={r.decision}>
            {r.text}
          </li>
        ))}
      </ul>
      <button type="button" className="button" data-testid="moderation-export" onClick={onExport}>
        Export JSON report
      </button>
    </div>
  );
}
