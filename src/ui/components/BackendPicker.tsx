import type { BackendInfo, BackendPreference } from '../../store/types';
import { Segmented } from './Segmented';

interface BackendPickerProps {
  preference: BackendPreference;
  info: BackendInfo | null;
  onChange: (preference: BackendPreference) => void;
}

const OPTIONS = [
  { value: 'auto', label: 'Auto', title: 'WebGPU when a real adapter is present, else WASM' },
  { value: 'wasm', label: 'WASM', title: 'CPU, multi-threaded when the page is cross-origin isolated' },
  { value: 'webgpu', label: 'WebGPU', title: 'GPU through WebGPU' },
] as const;

/** The backend preference, and what the inference worker actually chose and why. */
export function BackendPicker({ preference, info, onChange }: BackendPickerProps) {
  return (
    <div className="backend">
      <Segmented label="Backend" testId="backend-picker" value={preference} options={OPTIONS} onChange={onChange} />
      <BackendInfoLine info={info} />
    </div>
  );
}

function BackendInfoLine({ info }: { info: BackendInfo | null }) {
  if (!info) {
    return (
      <p className="backend__info muted" data-testid="backend-info">
        Backend chosen when the first clip runs.
      </p>
    );
  }
  const adapter = info.adapter
    ? `${info.adapter.vendor || 'unknown vendor'}${info.adapter.architecture ? ` / ${info.adapter.architecture}` : ''}${info.adapter.isFallback ? ' (software fallback)' : ''}`
    : 'none';
  return (
    <div className="backend__info" data-testid="backend-info">
      <span className={`badge badge--${info.backend}`}>{info.backend === 'webgpu' ? 'WebGPU' : 'WASM'}</span>
      <span className="backend__reason">{info.reason}</span>
      <span className="backend__facts muted">
        {info.threads} thread{info.threads === 1 ? '' : 's'} · {info.crossOriginIsolated ? 'cross-origin isolated' : 'not isolated'} ·
        adapter: <span title={info.adapter?.description}>{adapter}</span>
      </span>
    </div>
  );
}
