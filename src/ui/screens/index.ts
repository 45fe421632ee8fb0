// The app's screens. Adding one (batch, real-time, evaluation, moderation, teach) is one entry here;
// the shell draws a tab for each and routes "#/<id>" to it.
import type { ComponentType } from 'react';
import { ClipScreen } from './ClipScreen';
import { BatchScreen } from './BatchScreen';
import { EvaluationScreen } from './EvaluationScreen';
import { RealtimeScreen } from './RealtimeScreen';
import { ModerationScreen } from './ModerationScreen';
import { TeachScreen } from './TeachScreen';
import { PacksScreen } from './PacksScreen';

export interface ScreenEntry {
  id: string;
  title: string;
  Component: ComponentType;
  /** The screen chooses its pack itself: the settings bar leaves out its pack and head pickers there. */
  ownPack?: boolean;
}

export const SCREENS: readonly ScreenEntry[] = [
  { id: 'clip', title: 'Single clip', Component: ClipScreen },
  { id: 'batch', title: 'Batch', Component: BatchScreen },
  { id: 'evaluation', title: 'Evaluation', Component: EvaluationScreen },
  { id: 'realtime', title: 'Real time', Component: RealtimeScreen },
  { id: 'moderation', title: 'Moderation', Component: ModerationScreen, ownPack: true },
  { id: 'teach', title: 'Teach', Component: TeachScreen },
  { id: 'packs', title: 'Packs', Component: PacksScreen },
];

export const DEFAULT_SCREEN = 'clip';
