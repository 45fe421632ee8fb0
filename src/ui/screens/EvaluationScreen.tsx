import { useShallow } from 'zustand/react/shallow';
import { selectFinished, selectReport, useEvalStore, type EvalState } from '../../features/evaluation/store';
import { NONE_OF_THESE } from '../../pipeline/postprocess';
import { selectSelectedPack } from '../../store/store';
import { useReelscope, useRoot } from '../shell/RootContext';
import { FilesDrop } from '../components/batch/FilesDrop';
import { ConfusionMatrix } from '../components/evaluation/ConfusionMatrix';
import { EvalClipTable } from '../components/evaluation/EvalClipTable';
import { HeadsComparison } from '../components/evaluation/HeadsComparison';
import { MisclassifiedList } from '../components/evaluation/MisclassifiedList';
import { ReliabilityDiagram } from '../components/evaluation/ReliabilityDiagram';
import { OpenSetControl } from '../components/OpenSetControl';
import { PerClassTable } from '../components/evaluation/PerClassTable';
import { Panel } from '../components/Panel';
import { formatPercent } from '../format';
import '../components/batch/batch.css';

const selectView = (s: EvalState) => ({
  status: s.status,
  pack: s.pack,
  clips: s.clips,
  ignored: s.ignored,
  focusHeadId: s.focusHeadId,
  report: selectReport(s),
  finished: selectFinished(s),
});

/** A labelled folder (one subfolder per class): accuracy, macro-F1, confusion, mistakes; every head side by side. */
export function EvaluationScreen() {
  const controller = useRoot().evaluation;
  const { status, pack, clips, ignored, focusHeadId, report, finished } = useEvalStore(controller.store, useShallow(selectView));
  const selectedPack = useReelscope(selectSelectedPack);
  const focus = report?.heads.find((h) => h.headId === focusHeadId) ?? report?.heads[0] ?? null;
  const canAbstain = selectedPack?.manifest.ood !== undefined;

  return (
    <div className="eval-screen" data-testid="eval-screen" data-status={status}>
      <FilesDrop
        title="Drop a labelled folder here"
        hint={`One subfolder per class (Archery/…, Surfing/…). A subfolder that is not a class of the ${selectedPack?.manifest.title ?? 'selected'} pack ${
          canAbstain ? `counts as “${NONE_OF_THESE}”` : 'cannot be scored, since this pack cannot abstain'
        }. Same numbers as npm run eval on the same folder.`}
        allowFiles={false}
        onFiles={(files) => controller.run(files)}
        folderTestId="eval-input"
        disabled={!selectedPack}
      />
      {canAbstain ? <OpenSetControl appliesTo="this evaluation (re-scored now from the clips' kept scores), batch and the single clip" /> : null}
      {pack ? (
        <Panel
          title="Summary"
          subtitle={`Pack ${pack.id}: ${finished} of ${clips.length} clips finished${status === 'running' ? ' (numbers update as clips finish)' : ''}.`}
          actions={
            status === 'running' ? (
              <button type="button" className="button" onClick={() => controller.cancel()} data-testid="eval-cancel">
                Cancel
              </button>
            ) : null
          }
        >
          {focus ? (
            <div className="eval-summary">
              <div>
                <p className="muted">Accuracy ({focus.title})</p>
                <p className="eval-big" data-testid="eval-accuracy" data-head={focus.headId} data-value={focus.metrics.accuracy}>
                  {formatPercent(focus.metrics.accuracy)}
                </p>
              </div>
              <div>
                <p className="muted">Macro-F1 ({focus.title})</p>
                <p className="eval-big" data-testid="eval-macro-f1" data-head={focus.headId} data-value={focus.metrics.macroF1}>
                  {focus.metrics.macroF1.toFixed(3)}
                </p>
              </div>
              <div>
                <p className="muted">Clips scored</p>
                <p className="eval-big">{report!.evaluated}</p>
              </div>
            </div>
          ) : (
            <p className="muted">No clip has finished yet.</p>
          )}
          {report && report.oodThresholds.length > 0 ? (
            <p className="muted" data-testid="eval-ood-thresholds">
              “{NONE_OF_THESE}” decided at out-of-scope threshold {report.oodThresholds.map((t) => t.toFixed(2)).join(', ')}.
            </p>
          ) : null}
          {report && report.unlabelled.length > 0 ? (
            <p className="notice">
              {report.unlabelled.length} clip(s) sit in a folder that is not a class of this pack, which cannot say “{NONE_OF_THESE}”; they are not
              scored.
            </p>
          ) : null}
          {report && report.failed.length > 0 ? <p className="notice">{report.failed.length} clip(s) could not be processed; see the table below.</p> : null}
          {clips.length === 0 ? (
            <p className="notice" data-testid="eval-empty">
              No video files were found in subfolders of this folder. Each class needs its own subfolder (symbolic links are not listed by the
              browser).
            </p>
          ) : null}
          {ignored.length > 0 ? <p className="notice">{ignored.length} file(s) are in no class folder and were skipped.</p> : null}
        </Panel>
      ) : null}
      {report && report.heads.length > 0 ? (
        <>
          <Panel title="Heads side by side" subtitle="The same clips through every head of the pack: quality, size and speed.">
            <HeadsComparison heads={report.heads} clipMs={report.clipMs} focusHeadId={focus?.headId ?? null} onFocus={(id) => controller.focusHead(id)} />
          </Panel>
          {focus ? (
            <div className="eval-grid">
              <Panel title={`Confusion matrix — ${focus.title}`} subtitle="Colour: the share of the true class's clips in each cell.">
                <ConfusionMatrix headId={focus.headId} metrics={focus.metrics} />
              </Panel>
              <Panel title={`Per class — ${focus.title}`}>
                <PerClassTable metrics={focus.metrics} />
              </Panel>
              <Panel
                title={`Confidence — ${focus.title}`}
                subtitle="Reliability: per confidence bin, the share of in-scope clips whose top class was right (before “none of these”), against the diagonal of perfect calibration."
              >
                <ReliabilityDiagram headId={focus.headId} quality={focus.confidence} />
              </Panel>
              <Panel title={`Misclassified — ${focus.title}`} subtitle="Click a clip to open it in the single-clip view.">
                <MisclassifiedList headId={focus.headId} items={focus.misclassified} onOpen={(id) => controller.openClip(id)} />
              </Panel>
            </div>
          ) : null}
        </>
      ) : null}
      {clips.length > 0 ? (
        <Panel title="Clips" subtitle="Each clip's true outcome and every head's answer.">
          <EvalClipTable clips={clips} headIds={report?.heads.map((h) => h.headId) ?? []} />
        </Panel>
      ) : null}
    </div>
  );
}
