// The app's evaluation controller, made on first use, and the test hook window.__reelscopeEval.
// Clips open in the single-clip view through the app controller's classifyFile.
import { classifyFile } from '../../app/controller';
import { reelscopeStore, subscribeOodThreshold } from '../../store/store';
import { appConcurrency, clipRunner } from '../batch/app';
import { hashFor } from '../../ui/router';
import { EvaluationController } from './controller';
import type { EvaluationReport } from './labelled';
import { selectReport, type EvalState } from './store';

export interface EvalTestHook {
  getState(): EvalState;
  report(): EvaluationReport | null;
}

declare global {
  interface Window {
    __reelscopeEval?: EvalTestHook;
  }
}

let instance: EvaluationController | null = null;

export function evaluationController(): EvaluationController {
  if (instance) return instance;
  const controller = new EvaluationController({
    classify: clipRunner().classify,
    concurrency: appConcurrency(),
    pack: () => {
      const s = reelscopeStore.getState();
      const pack = s.packs.find((p) => p.id === s.selectedPackId);
      return pack ? { id: pack.id, labels: pack.manifest.labels, canAbstain: pack.manifest.ood !== undefined } : null;
    },
    selectedHead: () => reelscopeStore.getState().selectedHeadId,
    openClip: (file) => {
      window.location.hash = hashFor('clip');
      void classifyFile(file);
    },
  });
  subscribeOodThreshold(reelscopeStore, (packId, threshold) => controller.setOodThreshold(packId, threshold));
  window.__reelscopeEval = {
    getState: () => controller.store.getState(),
    report: () => selectReport(controller.store.getState()),
  };
  instance = controller;
  return controller;
}
