import type { PackManifest } from '../../pipeline/manifest';
import { formatBytes, formatCount, formatPercent, shortHash, shortLabel } from '../format';
import { HEAD_KIND_WORDS } from '../words';

/** Everything a careful user wants to know about a pack: labels, models, metrics, provenance. */
export function PackDetails({ manifest }: { manifest: PackManifest }) {
  const { labels, backbone, heads, ood, files, provenance, input } = manifest;
  return (
    <details className="pack-details">
      <summary>Details of “{manifest.title}”</summary>
      <div className="pack-details__grid">
        <section>
          <h3>About</h3>
          <p>{manifest.description}</p>
          <p className="muted">
            {input.frames} frames per clip ({input.sampling}), {input.size}×{input.size} {input.color} after resizing the
            short side to {input.resizeShortSide}.
          </p>
        </section>
        <section>
          <h3>
            Labels <span className="muted">({labels.length})</span>
          </h3>
          <ul className="chips">
            {labels.map((l, i) => (
              // ImageNet names two classes "crane" and two "maillot": key by index.
              <li key={i} className="chip" title={l}>
                {shortLabel(l)}
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h3>Models</h3>
          <dl className="facts">
            <dt>Backbone</dt>
            <dd>
              {backbone.title} · {backbone.featureDim}-d features · {backbone.variants.map((v) => v.precision).join(' / ')}
            </dd>
            {heads.map((h) => (
              <Fact key={h.id} term={h.kind === 'frame-mean' ? 'Head' : `${HEAD_KIND_WORDS[h.kind]} head`}>
                {h.title} · {formatCount(h.parameters)} parameters
                {h.kind !== 'frame-mean' ? ` · hidden ${h.hidden} × ${h.layers} layer${h.layers > 1 ? 's' : ''}` : ''}
                {h.metrics
                  ? ` · accuracy ${formatPercent(h.metrics.accuracy)}, macro-F1 ${formatPercent(h.metrics.macroF1)}`
                  : ''}
                {h.kind !== 'frame-mean'
                  ? h.calibration
                    ? ` · calibrated (temperature ${h.calibration.temperature.toFixed(2)}, ECE ${h.calibration.ece.toFixed(3)}, “unsure” below ${formatPercent(h.calibration.unsureBelow, 0)}; ${h.calibration.protocol})`
                    : ' · uncalibrated probabilities'
                  : ''}
              </Fact>
            ))}
            {ood ? (
              <Fact term="Out of scope">
                {ood.method} on the {ood.inputKind === 'frames' ? 'frames' : 'clip mean'}, threshold {ood.threshold.toFixed(3)}
                {ood.operatingCurve ? ` (default; ${ood.operatingCurve.length} measured points to move between)` : ''} — {ood.protocol}
              </Fact>
            ) : null}
          </dl>
        </section>
        <section className="pack-details__wide">
          <h3>Provenance</h3>
          <table className="files">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Size</th>
                <th scope="col">Origin</th>
                <th scope="col">Licence</th>
                <th scope="col">sha256</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.path}>
                  <td className="mono">{f.path}</td>
                  <td>{formatBytes(f.bytes)}</td>
                  <td>{f.origin}</td>
                  <td>{f.license}</td>
                  <td className="mono" title={f.sha256}>
                    {shortHash(f.sha256)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            Built with <code>{provenance.command}</code>
            {provenance.notes ? ` — ${provenance.notes}` : ''}
          </p>
          {provenance.citations.length > 0 ? (
            <ul className="citations">
              {provenance.citations.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          ) : null}
        </section>
      </div>
    </details>
  );
}

function Fact({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  );
}
