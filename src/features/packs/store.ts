// What the Packs screen renders besides the pack list itself (which lives in the app store, where
// every screen's pack picker reads it): the action under way, and how the last one ended.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { UiError } from '../../pipeline/errors';

export type PackAction =
  | { kind: 'add'; subject: string }
  | { kind: 'remove'; packId: string }
  | { kind: 'export'; packId: string };

/** How the last add ended well: which pack, and the id it replaced when another pack had it. */
export interface PackAdded {
  packId: string;
  title: string;
  renamedFrom: string | null;
}

export interface StorageUse {
  usage: number | null;
  quota: number | null;
}

export interface PacksState {
  busy: PackAction | null;
  added: PackAdded | null;
  /** The last failed action: what it was about (a file name, a pack id) and why. */
  failure: { subject: string; error: UiError } | null;
  storage: StorageUse | null;
}

export type PacksStore = StoreApi<PacksState>;

export function createPacksStore(): PacksStore {
  return createStore<PacksState>()(() => ({ busy: null, added: null, failure: null, storage: null }));
}

export function usePacksStore<T>(store: PacksStore, selector: (s: PacksState) => T): T {
  return useStore(store, selector);
}
