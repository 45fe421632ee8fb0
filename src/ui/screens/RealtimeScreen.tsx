import { useShallow } from 'zustand/react/shallow';
import type { RealtimeInputMode } from '../../features/realtime/inputSize';
import { useRealtime, type RealtimeState } from '../../features/realtime/store';
import { leadingClasses } from '../../features/realtime/stats';
import type { ReelscopeState } from '../../store/store';
import { useReelscope, useRoot } from '../shell/RootContext';
import { ErrorBanner } from '../components/ErrorBanner';
import { Panel } from '../components/Panel';
import { RealtimeChart } from '../components/realtime/RealtimeChart';
import { RealtimeControls } from '../components/realtime/RealtimeControls';
import { RealtimeStats } from '../components/realtime/RealtimeStats';
import { RealtimeVideo } from '../components/realtime/RealtimeVideo';
import '../components/realtime/realtime.css';

const selectRealtime = (s: RealtimeState) => ({
  status: s.status,
  sourceName: s.sourceName,
  packId: s.packId,
  headId: s.headId,
  mode: s.mode,
  backend: s.backend,
  precision: s.precision,
  inputSize: s.inputSize,
  inputMode: s.inputMode,
  labels: s.labels,
  label: s.label,
  confidence: s.confidence,
  unsure: s.unsure,
  fps: s.fps,
  targetFps: s.targetFps,
  processed: s.processed,
  steps: s.steps,
  offered: s.offered,
  dropped: s.dropped,
  latency: s.latency,
  history: s.history,
  cameraLive: s.cameraLive,
  error: s.error,
  halfLifeSec: s.halfLifeSec,
  windowSec: s.windowSec,
});

const selectSelection = (s: ReelscopeState) => {
  const pack = s.packs.find((p) => p.id === s.selectedPackId);
  const headId = s.selectedHeadId ?? pack?.manifest.defaultHead;
  return { packTitle: pack?.manifest.title ?? null, headTitle: pack?.manifest.heads.find((h) => h.id === headId)?.title ?? null };
};

/** Real time: a webcam or a playing video, labelled frame by frame with the selected head's step graph. */
export function RealtimeScreen() {
  const { realtime: realtimeController, realtimeStore } = useRoot();
  const rt = useRealtime(realtimeStore, useShallow(selectRealtime));
  const selection = useReelscope(useShallow(selectSelection));
  const active = rt.status === 'starting' || rt.status === 'running';
  const showError = rt.error && rt.error.code !== 'Aborted' ? rt.error : null;
  const classes = leadingClasses(rt.history, 5);
  return (
    <div className="realtime" data-testid="realtime-screen" data-status={rt.status}>
      <RealtimeControls
        status={rt.status}
        onStartCamera={() => void realtimeController.startCamera()}
        onPlayFile={(file) => void realtimeController.startFile(file)}
        onStop={() => void realtimeController.stop()}
        onReset={() => realtimeController.reset()}
      />
      <p className="muted realtime__what">
        {selection.packTitle ? (
          <>
            Runs <strong>{selection.packTitle}</strong> — {selection.headTitle ?? 'default head'}
            {rt.mode === 'step' ? ', one step-graph update per frame (the state stays in the worker)' : ''}
            {rt.mode === 'frame' ? ', the backbone’s own classifier per frame' : ''}. Pick the pack and head above; they apply at the next start.{' '}
            <label>
              Model input{' '}
              <select
                data-testid="realtime-input"
                value={rt.inputMode}
                disabled={active}
                onChange={(e) => realtimeController.setInputMode(e.currentTarget.value as RealtimeInputMode)}
              >
                <option value="fast">fast: the pack’s live size on the CPU</option>
                <option value="full">full: the size it was trained at</option>
              </select>
            </label>
          </>
        ) : (
          'Loading model packs…'
        )}
      </p>
      {showError ? <ErrorBanner error={showError} subject={rt.sourceName ?? undefined} /> : null}
      <div className="realtime__grid">
        <Panel title="Live" subtitle={active && rt.sourceName ? rt.sourceName : 'Nothing playing'}>
          <RealtimeVideo video={realtimeController.video} label={rt.label} confidence={rt.confidence} unsure={rt.unsure} live={active} />
        </Panel>
        <Panel
          title="Speed"
          subtitle={`Target ${rt.targetFps} frames/s; when the model is slower, frames are dropped, never queued${
            rt.backend ? ` · ${rt.backend}, ${rt.precision} backbone` : ''
          }${rt.inputSize ? ` at ${rt.inputSize}×${rt.inputSize}` : ''}`}
        >
          <RealtimeStats
            fps={rt.fps}
            targetFps={rt.targetFps}
            processed={rt.processed}
            steps={rt.steps}
            offered={rt.offered}
            dropped={rt.dropped}
            latency={rt.latency}
            stepMode={rt.mode !== 'frame'}
          />
        </Panel>
      </div>
      <Panel
        title="Probabilities over time"
        subtitle={`Last ${rt.windowSec} s, smoothed by exponential decay (half-life ${rt.halfLifeSec} s)`}
      >
        <RealtimeChart history={rt.history} labels={rt.labels} classes={classes} windowSec={rt.windowSec} />
      </Panel>
    </div>
  );
}
