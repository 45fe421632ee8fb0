// How the UI reaches the app the composition root built (src/root.ts): its controllers for
// actions and its store for state. Components never build or import controllers themselves.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Reelscope } from '../../root';
import type { ReelscopeState } from '../../store/store';

const RootContext = createContext<Reelscope | null>(null);

export function RootProvider({ root, children }: { root: Reelscope; children: ReactNode }) {
  return <RootContext.Provider value={root}>{children}</RootContext.Provider>;
}

export function useRoot(): Reelscope {
  const root = useContext(RootContext);
  if (!root) throw new Error('useRoot() outside <RootProvider>');
  return root;
}

/** React hook on the app store: `useReelscope(selectClip)`; for object results use `useReelscope(useShallow(sel))`. */
export function useReelscope<T>(selector: (state: ReelscopeState) => T): T {
  return useStore(useRoot().store, selector);
}
