import { useShallow } from 'zustand/react/shallow';
import type { ReelscopeState } from '../../store/store';
import { useReelscope, useRoot } from '../shell/RootContext';
import { DropZone } from '../components/DropZone';
import { ErrorBanner } from '../components/ErrorBanner';
import { PartialReadNotice } from '../components/PartialReadNotice';
import { ProgressPanel } from '../components/ProgressPanel';
import { ClipResults } from './ClipResults';

const selectScreen = (s: ReelscopeState) => ({
  clip: s.clip,
  packs: s.packs,
  selectedHeadId: s.selectedHeadId,
});

/** One clip: drop it, watch it run, read the answer and why. */
export function ClipScreen() {
  const { clip, packs, selectedHeadId } = useReelscope(useShallow(selectScreen));
  const controller = useRoot().clip;
  const manifest = packs.find((p) => p.id === clip?.packId)?.manifest ?? null;
  const running = clip?.status === 'running';
  const showError = clip?.error && clip.error.code !== 'Aborted' ? clip.error : null;
  return (
    <div className="clip-screen">
      <DropZone compact={clip !== null} onFile={(file) => void controller.classifyFile(file)} />
      {running ? <ProgressPanel fileName={clip.fileName} progress={clip.progress} onCancel={() => controller.cancelClip()} /> : null}
      {showError ? <ErrorBanner key={`error-${clip?.runId}`} error={showError} subject={clip?.fileName} /> : null}
      {clip?.metadata && !showError ? <PartialReadNotice metadata={clip.metadata} /> : null}
      {clip?.status === 'cancelled' ? (
        <p className="notice" role="status">
          Cancelled <strong>{clip.fileName}</strong>. Drop a clip to start again.
        </p>
      ) : null}
      {clip === null ? <HowItWorks /> : null}
      {clip && manifest && (clip.frames.length > 0 || clip.decision) ? (
        <ClipResults key={`results-${clip.runId}`} clip={clip} manifest={manifest} selectedHeadId={selectedHeadId} />
      ) : null}
    </div>
  );
}

function HowItWorks() {
  return (
    <ol className="how">
      <li>
        <strong>Decode</strong>
        <span>ffmpeg (WebAssembly) samples frames evenly across the clip.</span>
      </li>
      <li>
        <strong>See</strong>
        <span>A MobileNetV2 turns each frame into a 1280-number feature vector.</span>
      </li>
      <li>
        <strong>Decide</strong>
        <span>A head — an SSM or LSTM reading the frames in order, or a per-frame average — names what the clip shows, or says “none of these”.</span>
      </li>
    </ol>
  );
}
