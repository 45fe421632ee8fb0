import { useShallow } from 'zustand/react/shallow';
import type { ReelscopeState } from '../../store/store';
import { useReelscope, useRoot } from './RootContext';
import { BackendPicker } from '../components/BackendPicker';
import { HeadPicker } from '../components/HeadPicker';
import { PackDetails } from '../components/PackDetails';
import { PackPicker } from '../components/PackPicker';
import { ErrorBanner } from '../components/ErrorBanner';

const selectHeaderState = (s: ReelscopeState) => ({
  packs: s.packs,
  packsStatus: s.packsStatus,
  packsError: s.packsError,
  selectedPackId: s.selectedPackId,
  selectedHeadId: s.selectedHeadId,
  backendPreference: s.backendPreference,
  backendInfo: s.backendInfo,
  running: s.clip?.status === 'running',
});

/** The settings bar: pack, head and backend, with the pack's details on demand. `packChoice` false: backend only (the screen picks its pack). */
export function AppHeader({ packChoice = true }: { packChoice?: boolean }) {
  const state = useReelscope(useShallow(selectHeaderState));
  const { clip } = useRoot();
  const manifest = packChoice ? (state.packs.find((p) => p.id === state.selectedPackId)?.manifest ?? null) : null;
  return (
    <div className="settings">
      <div className="settings__row">
        {packChoice ? (
          <PackPicker
            packs={state.packs}
            selectedId={state.selectedPackId}
            disabled={state.running || state.packsStatus === 'loading'}
            onSelect={(id) => clip.selectPack(id)}
          />
        ) : null}
        {manifest ? <HeadPicker heads={manifest.heads} selectedId={state.selectedHeadId} onSelect={(id) => clip.selectHead(id)} /> : null}
        <BackendPicker preference={state.backendPreference} info={state.backendInfo} onChange={(p) => clip.setBackendPreference(p)} />
      </div>
      {state.packsError ? <ErrorBanner error={state.packsError} /> : null}
      {manifest ? <PackDetails key={manifest.id} manifest={manifest} /> : null}
    </div>
  );
}
