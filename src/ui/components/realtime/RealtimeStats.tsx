import type { StageLatency } from '../../../features/realtime/stats';
import { formatMs } from '../../format';

interface RealtimeStatsProps {
  fps: number;
  targetFps: number;
  processed: number;
  steps: number;
  offered: number;
  dropped: number;
  latency: StageLatency | null;
  stepMode: boolean;
}

const STAGE_NAMES: Array<[keyof StageLatency, string]> = [
  ['captureMs', 'Capture'],
  ['preprocessMs', 'Preprocess'],
  ['cnnMs', 'CNN'],
  ['headMs', 'Head (step)'],
  ['totalMs', 'Frame → label'],
];

/** Throughput and where the time goes, per stage (mean of the last frames). */
export function RealtimeStats({ fps, targetFps, processed, steps, offered, dropped, latency, stepMode }: RealtimeStatsProps) {
  return (
    <div className="realtime__stats">
      <dl className="facts">
        <div>
          <dt>Frames / s</dt>
          <dd data-testid="realtime-fps" data-value={fps}>
            {fps.toFixed(1)} <span className="muted">of {targetFps} target</span>
          </dd>
        </div>
        <div>
          <dt>{stepMode ? 'Steps since reset' : 'Frames since reset'}</dt>
          <dd data-testid="realtime-steps" data-value={steps}>
            {steps}
          </dd>
        </div>
        <div>
          <dt>Processed / grabbed</dt>
          <dd>
            {processed} / {offered}
          </dd>
        </div>
        <div>
          <dt>Dropped (model busy)</dt>
          <dd data-testid="realtime-dropped" data-value={dropped}>
            {dropped}
          </dd>
        </div>
      </dl>
      <table className="realtime__latency" data-testid="realtime-latency">
        <caption className="muted">Latency per stage, mean of the last 30 frames</caption>
        <tbody>
          {STAGE_NAMES.filter(([key]) => stepMode || key !== 'headMs').map(([key, name]) => (
            <tr key={key} data-stage={key}>
              <th scope="row">{name}</th>
              <td className="mono">{latency ? formatMs(latency[key]) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
