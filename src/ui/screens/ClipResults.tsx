import { useMemo, useRef, useState } from 'react';
import type { PackManifest } from '../../pipeline/manifest';
import { pca2d } from '../../pipeline/projection';
import type { ClipRun } from '../../store/types';
import { nearestFrame, perFrameTop, probabilitySeries, shownClasses, timingRows } from '../chartData';
import { FeatureHeatmap, type HeatmapExtent } from '../components/FeatureHeatmap';
import { FrameAgreement } from '../components/FrameAgreement';
import { FrameStrip } from '../components/FrameStrip';
import { OpenSetControl } from '../components/OpenSetControl';
import { HeadsCompare } from '../components/HeadsCompare';
import { EmptyChart, Panel } from '../components/Panel';
import { ProbabilityChart } from '../components/ProbabilityChart';
import { ProjectionChart, type ProjectionColoring } from '../components/ProjectionChart';
import { ResultCard } from '../components/ResultCard';
import { Segmented } from '../components/Segmented';
import { TimingChart } from '../components/TimingChart';
import { VideoPreview } from '../components/VideoPreview';
import { formatMs } from '../format';
import type { HeatmapScale } from '../heatmap';
import { clipClassColors } from '../palette';
import { useRoot } from '../shell/RootContext';

interface ClipResultsProps {
  clip: ClipRun;
  manifest: PackManifest;
  selectedHeadId: string | null;
}

const HEATMAP_TOP = 128;

/** Everything about one clip's run. Local state is view-only: the focused frame and chart toggles. */
export function ClipResults({ clip, manifest, selectedHeadId }: ClipResultsProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [focus, setFocus] = useState<number | null>(null);
  const [coloring, setColoring] = useState<ProjectionColoring>('time');
  const [extent, setExtent] = useState<HeatmapExtent>('top');
  const [scale, setScale] = useState<HeatmapScale>('per-dimension');

  const controller = useRoot().clip;
  const { frames, heads } = clip;
  const labels = manifest.labels;
  const headRun = heads.find((h) => h.headId === selectedHeadId) ?? heads.find((h) => h.headId === manifest.defaultHead) ?? heads[0] ?? null;
  const tops = useMemo(() => perFrameTop(frames, headRun, labels), [frames, headRun, labels]);
  const classes = useMemo(() => (headRun ? shownClasses(headRun.probabilities) : []), [headRun]);
  const colors = useMemo(() => clipClassColors(labels.length, classes), [labels.length, classes]);
  const series = useMemo(() => (headRun ? probabilitySeries(headRun.probabilities, frames, classes) : []), [headRun, frames, classes]);
  const projection = useMemo(() => pca2d(frames.map((f) => f.features)), [frames]);
  const timing = useMemo(() => (clip.timings ? timingRows(clip.timings, heads) : []), [clip.timings, heads]);

  const focusFrame = focus !== null ? frames[focus] ?? null : frames[0] ?? null;
  const selectFrame = (i: number): void => {
    setFocus(i);
    const frame = frames[i];
    if (frame && video.current) {
      video.current.pause();
      video.current.currentTime = frame.timeSec;
    }
  };
  const onVideoTime = (t: number): void => {
    const i = nearestFrame(frames, t);
    if (i >= 0) setFocus(i);
  };
  const headTitle = headRun?.title ?? '';
  const headSpec = manifest.heads.find((h) => h.id === headRun?.headId);
  const calibration = headSpec && headSpec.kind !== 'frame-mean' ? headSpec.calibration : undefined;

  return (
    <div className="results">
      <div className="results__top">
        <VideoPreview ref={video} videoUrl={clip.videoUrl} fileName={clip.fileName} focusFrame={focusFrame} onTime={onVideoTime} />
        <Panel title="Result" className="panel--result">
          {clip.decision ? (
            <ResultCard
              decision={clip.decision}
              ood={clip.ood}
              headTitle={headTitle}
              calibration={calibration}
              labelCount={labels.length}
              metadata={clip.metadata}
              colors={colors}
            >
              <FrameAgreement
                tops={tops}
                classIndex={clip.decision.predicted.index}
                colors={colors}
                focusIndex={focus}
                onSelect={selectFrame}
              />
              <OpenSetControl appliesTo="this clip (re-decided now from its kept score), batch and evaluation" />
            </ResultCard>
          ) : (
            <EmptyChart>{clip.status === 'running' ? 'The answer appears when every frame has been read.' : 'No result for this clip.'}</EmptyChart>
          )}
        </Panel>
      </div>

      <Panel
        title="Frames the model saw"
        subtitle={`${manifest.input.frames} frames at the centres of equal segments. Each shows the top class after that frame. Click one to seek.`}
      >
        <FrameStrip
          frames={frames}
          tops={tops}
          expected={clip.status === 'running' ? manifest.input.frames : frames.length}
          focusIndex={focus}
          colors={colors}
          onSelect={selectFrame}
        />
      </Panel>

      <div className="chart-grid">
        <Panel
          title="Probability after each frame"
          subtitle={
            !headRun
              ? 'How sure the head is of each class as frames arrive'
              : labels.length > classes.length
              ? `${headTitle}: the clip's top ${classes.length} of ${labels.length} classes`
              : `${headTitle}: every class, updated as each frame arrives`
          }
        >
          {headRun ? (
            <ProbabilityChart series={series} classes={classes} labels={labels} colors={colors} focusIndex={focus} onSelect={selectFrame} />
          ) : (
            <EmptyChart>Appears when the heads have run.</EmptyChart>
          )}
        </Panel>

        <Panel
          title="Feature trajectory"
          subtitle="Frames projected on the two main directions of their features (PCA)"
          actions={
            <Segmented
              label="Colour points by"
              hideLabel
              size="sm"
              value={coloring}
              onChange={setColoring}
              options={[
                { value: 'time', label: 'Time' },
                { value: 'class', label: 'Class' },
              ]}
            />
          }
        >
          {frames.length >= 2 ? (
            <ProjectionChart
              projection={projection}
              frames={frames}
              tops={tops}
              coloring={coloring}
              colors={colors}
              focusIndex={focus}
              onSelect={selectFrame}
            />
          ) : (
            <EmptyChart>Needs at least two frames.</EmptyChart>
          )}
        </Panel>
      </div>

      {heads.length > 1 ? (
        <Panel
          title="Heads side by side"
          subtitle="The same frames through each head: its answer, its confidence in that answer after each frame, size, speed and test scores"
        >
          <HeadsCompare runs={heads} specs={manifest.heads} selectedId={headRun?.headId ?? null} colors={colors} focusIndex={focus} onSelect={(id) => controller.selectHead(id)} />
        </Panel>
      ) : null}

      <div className="chart-grid chart-grid--wide-left">
        <Panel
          title="Backbone features"
          subtitle={`Frames (rows) × ${manifest.backbone.featureDim}-d ${manifest.backbone.title} features (columns)`}
          actions={
            <>
              <Segmented
                label="Dimensions"
                hideLabel
                size="sm"
                value={extent}
                onChange={setExtent}
                options={[
                  { value: 'top', label: `Top ${HEATMAP_TOP}` },
                  { value: 'all', label: `All ${manifest.backbone.featureDim}` },
                ]}
              />
              <Segmented
                label="Colour scale"
                hideLabel
                size="sm"
                value={scale}
                onChange={setScale}
                options={[
                  { value: 'per-dimension', label: 'Per dim', title: 'Each dimension scaled to its own range over the clip' },
                  { value: 'global', label: 'Global', title: 'One colour scale for all cells' },
                ]}
              />
            </>
          }
        >
          {frames.length > 0 ? (
            <FeatureHeatmap frames={frames} extent={extent} scale={scale} topCount={HEATMAP_TOP} focusIndex={focus} onSelect={selectFrame} />
          ) : (
            <EmptyChart>Appears as frames are read.</EmptyChart>
          )}
        </Panel>

        <Panel
          title="Where the time went"
          actions={
            clip.timings ? (
              <span className="total" data-testid="decoder-used" data-path={clip.decoder?.path ?? ''} title={clip.decoder?.fallbackReason ?? undefined}>
                {clip.decoder ? `decoded by ${clip.decoder.path === 'webcodecs' ? 'WebCodecs' : 'ffmpeg.wasm'} · ` : ''}total {formatMs(clip.timings.totalMs)}
              </span>
            ) : null
          }
        >
          {timing.length > 0 ? <TimingChart rows={timing} /> : <EmptyChart>Appears when the clip is done.</EmptyChart>}
        </Panel>
      </div>
    </div>
  );
}
