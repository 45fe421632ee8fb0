// The moderation preview: choose a pack (nsfwjs's categories by default, or any other, a taught one
// included), drop a clip, see each category's score over time, adjust thresholds, read the flagged
// segments and the verdict, reveal flagged frames one by one, export the report. The pipeline runs
// in src/features/moderation/controller.ts; this only renders its store.
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { FRAME_COUNTS, flaggedFrames, useModerationStore, type ModerationState } from '../../features/moderation/store';
import { timelineScoring, type TimelineScoring } from '../../features/moderation/windows';
import { DropZone } from '../components/DropZone';
import { PackDetails } from '../components/PackDetails';
import { PackPicker } from '../components/PackPicker';
import { useReelscope, useRoot } from '../shell/RootContext';
import { ErrorBanner } from '../components/ErrorBanner';
import { EmptyChart, Panel } from '../components/Panel';
import { FlaggedThumbs } from '../components/moderation/FlaggedThumbs';
import { ScoreChart } from '../components/moderation/ScoreChart';
import { SegmentList } from '../components/moderation/SegmentList';
import { ThresholdControls } from '../components/moderation/ThresholdControls';
import { VerdictCard } from '../components/moderation/VerdictCard';
import '../components/moderation/moderation.css';

const view = (s: ModerationState) => ({
  packId: s.packId,
  status: s.status,
  fileName: s.fileName,
  metadata: s.metadata,
  frameCount: s.frameCount,
  progress: s.progress,
  labels: s.labels,
  model: s.model,
  frames: s.frames,
  thresholds: s.thresholds,
  oodThreshold: s.oodThreshold,
  segments: s.segments,
  verdict: s.verdict,
  revealed: s.revealed,
  error: s.error,
});

/** What the chart's lines are, in words. */
function scoresSubtitle(scoring: TimelineScoring | null, judgesScope: boolean): string {
  const marks = `dashed lines are thresholds, shaded spans are flagged segments${judgesScope ? ' (grey: none of the pack\'s classes)' : ''}.`;
  if (scoring?.kind !== 'window') return `The model's probability of each category in every sampled frame; ${marks}`;
  return `${scoring.headTitle}: each class's probability over the ${scoring.window} sampled frames around each frame; ${marks}`;
}

export function ModerationScreen() {
  const controller = useRoot().moderation;
  const s = useModerationStore(controller.store, useShallow(view));
  const packs = useReelscope((r) => r.packs);
  const manifest = packs.find((p) => p.id === s.packId)?.manifest ?? null;
  const scoring = useMemo(() => (manifest ? timelineScoring(manifest) : null), [manifest]);
  const flagged = useMemo(() => flaggedFrames(s.segments, s.frames), [s.segments, s.frames]);
  useEffect(() => {
    void controller.init();
  }, [controller]);
  const running = s.status === 'loading-model' || s.status === 'running';
  const duration = s.metadata?.durationSec ?? 0;
  // Only windows are judged by the detector; a pack scored frame by frame has no out-of-scope segments.
  const oodThreshold = scoring?.kind === 'window' ? s.oodThreshold : null;

  return (
    <div className="screen moderation" data-testid="moderation-screen" data-status={s.status}>
      <div data-testid="moderation-input">
        <DropZone compact={s.status !== 'idle'} onFile={(file) => void controller.analyse(file)} />
      </div>
      <div className="moderation-toolbar">
        <PackPicker packs={packs} selectedId={s.packId} disabled={running} onSelect={(id) => void controller.selectPack(id)} />
        <label>
          Frames to sample{' '}
          <select
            value={s.frameCount}
            data-testid="moderation-frames"
            onChange={(e) => controller.setFrameCount(Number(e.currentTarget.value))}
            disabled={running}
          >
            {FRAME_COUNTS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        {s.model ? (
          <span className="muted">
            {s.model.backbone.title} ({s.model.backbone.precision ?? '?'}) on {s.model.backend ?? '?'}
            {s.model.scoring.kind === 'window' ? ` · ${s.model.scoring.headTitle} over ${s.model.scoring.window}-frame windows` : ''}
          </span>
        ) : null}
        {running ? (
          <span className="moderation-progress" data-testid="moderation-progress">
            <progress max={s.progress?.total ?? 1} value={s.progress?.done ?? 0} />
            {s.status === 'loading-model' ? 'Loading the model…' : `Scored ${s.progress?.done ?? 0} of ${s.progress?.total ?? '?'} frames`}
            <button type="button" className="button button--small" onClick={() => controller.cancel()}>
              Cancel
            </button>
          </span>
        ) : null}
        {s.status === 'cancelled' ? <span className="muted">Cancelled.</span> : null}
      </div>
      {manifest ? <PackDetails key={manifest.id} manifest={manifest} /> : null}
      {s.error ? <ErrorBanner error={s.error} subject={s.fileName ?? undefined} /> : null}

      <div className="moderation-layout">
        <div className="moderation-main">
          <Panel title="Category scores over time" subtitle={scoresSubtitle(scoring, oodThreshold !== null)}>
            {s.frames.length > 0 ? (
              <ScoreChart labels={s.labels} frames={s.frames} thresholds={s.thresholds} segments={s.segments} durationSec={duration} />
            ) : (
              <EmptyChart>Drop a clip to see its scores.</EmptyChart>
            )}
          </Panel>
          <Panel title="Flagged segments" subtitle="Runs of frames above a threshold after a 3-frame median filter, at least 0.5 s long.">
            <SegmentList labels={s.labels} segments={s.segments} />
          </Panel>
          <Panel title="Flagged frames" subtitle="The highest-scoring frame of each segment, blurred: click one to see it.">
            <FlaggedThumbs flagged={flagged} revealed={s.revealed} onReveal={(i) => controller.reveal(i)} />
          </Panel>
        </div>
        <div className="moderation-side">
          <Panel title="Verdict">
            {s.verdict ? (
              <VerdictCard verdict={s.verdict} onExport={() => controller.exportReport()} />
            ) : (
              <p className="muted">{running ? 'Waiting for every frame…' : 'No clip yet.'}</p>
            )}
          </Panel>
          <Panel title="Thresholds" subtitle="Move a slider to flag a category from that score; choose what its segments lead to.">
            {s.labels.length > 0 ? (
              <ThresholdControls
                labels={s.labels}
                thresholds={s.thresholds}
                oodThreshold={oodThreshold}
                onThreshold={(c, v) => controller.setThreshold(c, v)}
                onAction={(c, a) => controller.setAction(c, a)}
                onOutOfScopeAction={(a) => controller.setOutOfScopeAction(a)}
                onBlockMinSec={(v) => controller.setBlockMinSec(v)}
              />
            ) : (
              <p className="muted">The categories appear once the model is loaded.</p>
            )}
          </Panel>
        </div>
      </div>
    </div>
  );
}
