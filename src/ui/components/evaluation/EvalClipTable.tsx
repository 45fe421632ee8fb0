import type { EvalClip } from '../../../features/evaluation/labelled';
import { formatMs } from '../../format';

interface EvalClipTableProps {
  clips: readonly EvalClip[];
  headIds: readonly string[];
}

/** Every clip of the folder with its true outcome and each head's answer. */
export function EvalClipTable({ clips, headIds }: EvalClipTableProps) {
  return (
    <div className="batch-table__scroll">
      <table className="batch-table" data-testid="eval-clips">
        <thead>
          <tr>
            <th scope="col">Clip</th>
            <th scope="col">True</th>
            {headIds.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
            <th scope="col" className="num">Time</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {clips.map((c) => (
            <tr key={c.id} data-testid="eval-clip" data-file={c.path} data-truth={c.truth ?? ''} data-status={c.status}>
              <td className="batch-table__file" title={c.path}>
                {c.path}
              </td>
              <td>{c.truth ?? <span className="muted">not a class of this pack</span>}</td>
              {headIds.map((h) => {
                const head = c.summary?.heads.find((x) => x.headId === h);
                return (
                  <td key={h} data-head={h} data-label={head?.label ?? ''} className={head && c.truth && head.label !== c.truth ? 'status--error' : undefined}>
                    {head?.label ?? ''}
                  </td>
                );
              })}
              <td className="num">{c.summary ? formatMs(c.summary.totalMs) : ''}</td>
              <td>
                <span className={`status status--${c.status}`}>{c.status}</span>
                {c.error ? <code title={c.error.message}> {c.error.code}</code> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
