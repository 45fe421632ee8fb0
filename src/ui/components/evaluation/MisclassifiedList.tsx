import type { Misclassified } from '../../../features/evaluation/labelled';
import { formatPercent } from '../../format';

interface MisclassifiedListProps {
  headId: string;
  items: readonly Misclassified[];
  onOpen: (clipId: number) => void;
}

/** The clips this head got wrong; clicking one opens it in the single-clip view. */
export function MisclassifiedList({ headId, items, onOpen }: MisclassifiedListProps) {
  return (
    <div data-testid="eval-misclassified" data-head={headId} data-count={items.length}>
      {items.length === 0 ? (
        <p className="muted">None: every finished clip was classified correctly.</p>
      ) : (
        <table className="batch-table misclassified">
          <thead>
            <tr>
              <th scope="col">Clip</th>
              <th scope="col">True</th>
              <th scope="col">Predicted</th>
              <th scope="col" className="num">Confidence</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.clipId} data-testid="eval-misclassified-row" data-file={m.path} data-truth={m.truth} data-label={m.label}>
                <td>
                  <button type="button" onClick={() => onOpen(m.clipId)} title="Open in the single-clip view">
                    {m.path}
                  </button>
                </td>
                <td>{m.truth}</td>
                <td>{m.label}</td>
                <td className="num">{formatPercent(m.confidence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
