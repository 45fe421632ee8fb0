// The composition root: the one place that builds the engine, the stores and the controllers of
// every screen, and wires them to each other. main.tsx hands the result to React (the UI reaches
// it through src/ui/shell/RootContext.tsx) and installs the test hook on it.
import { Engine, type EngineOptions } from './engine/engine';
import { defaultConcurrency } from './engine/jobQueue';
import { rgbThumbnail } from './engine/thumbnails';
import { browserWorkers, type WorkerSpawner } from './engine/workers';
import { BatchController } from './features/batch/controller';
import { ClipController } from './features/clip/controller';
import { EvaluationController } from './features/evaluation/controller';
import { saveBlob } from './features/files/download';
import { ModerationController } from './features/moderation/controller';
import { EngineModeration } from './features/moderation/engine';
import { PacksController } from './features/packs/controller';
import { RealtimeController } from './features/realtime/controller';
import { createRealtimeStore, type RealtimeStore } from './features/realtime/store';
import { TeachController } from './features/teach/controller';
import { FeatureCache, indexedDbFeatures, type PersistentFeatures } from './features/teach/featureCache';
import { browserRecorder } from './features/teach/recorder';
import { ReelscopeError } from './pipeline/errors';
import { UpdateController, type RegisterServiceWorker } from './features/update/controller';
import { PackStore } from './storage/packStore';
import { createReelscopeStore, oodThresholdOf, selectSelectedPack, subscribeOodThreshold, type ReelscopeStore } from './store/store';

export interface Reelscope {
  engine: Engine;
  /** The app store: packs, settings bar, the single clip and the open-set operating point. */
  store: ReelscopeStore;
  clip: ClipController;
  /** The pack library's screen: add, remove, export; lists the packs into the store. */
  packs: PacksController;
  batch: BatchController;
  evaluation: EvaluationController;
  moderation: ModerationController;
  realtime: RealtimeController;
  realtimeStore: RealtimeStore;
  /** Teach: your own classes, trained in the browser, saved as a pack. */
  teach: TeachController;
  /** The service worker: offline readiness and "Reload to update". */
  update: UpdateController;
}

export interface RootOptions {
  /** Absolute URL of the app's public root, ending in "/" (models/ and ffmpeg/ are under it). */
  assetBase: string;
  hardwareConcurrency: number | undefined;
  /** Opens a clip in the single-clip screen (the router's job). */
  showClip: () => void;
  workers?: WorkerSpawner;
  /** Registers the service worker (absent in tests and on the dev server). */
  registerServiceWorker?: RegisterServiceWorker;
  /** Where added packs are kept (the browser's OPFS by default). */
  storage?: EngineOptions['storage'];
  /** Where taught clips' features outlive the tab (IndexedDB by default; null: this session only). */
  teachFeatures?: PersistentFeatures | null;
}

/** The browser's origin-private file system and storage manager, where it has them. */
function browserStorage(): EngineOptions['storage'] {
  const manager = typeof navigator === 'undefined' ? undefined : navigator.storage;
  return {
    store: manager?.getDirectory ? new PackStore() : null,
    estimate: () => (manager?.estimate ? manager.estimate() : Promise.resolve({})),
    persist: () => (manager?.persist ? manager.persist() : Promise.resolve(false)),
  };
}

export function createReelscope(options: RootOptions): Reelscope {
  const store = createReelscopeStore();
  const engine = new Engine({
    workers: options.workers ?? browserWorkers(options.assetBase),
    modelsUrl: new URL('models/', options.assetBase).href,
    preference: () => store.getState().backendPreference,
    concurrency: defaultConcurrency(options.hardwareConcurrency),
    selectedPackId: () => store.getState().selectedPackId,
    oodThreshold: (packId) => oodThresholdOf(store.getState(), packId),
    storage: options.storage ?? browserStorage(),
  });
  const packs = new PacksController(store, engine.library, { save: saveBlob });
  const clip = new ClipController(store, engine, packs);
  const batch = new BatchController(engine.jobs, { packId: () => store.getState().selectedPackId });
  const evaluation = new EvaluationController({
    jobs: engine.jobs,
    pack: () => {
      const pack = selectSelectedPack(store.getState());
      return pack ? { id: pack.id, labels: pack.manifest.labels, canAbstain: pack.manifest.ood !== undefined } : null;
    },
    selectedHead: () => store.getState().selectedHeadId,
    openClip: (file) => {
      options.showClip();
      void clip.classifyFile(file);
    },
  });
  const moderation = new ModerationController(new EngineModeration(engine), {
    backendPreference: () => store.getState().backendPreference,
    thumbnail: rgbThumbnail,
    oodThreshold: (packId) => oodThresholdOf(store.getState(), packId),
  });
  // The stricter / looser control re-decides what batch, evaluation and moderation already show.
  subscribeOodThreshold(store, (packId, threshold) => {
    batch.setOodThreshold(packId, threshold);
    evaluation.setOodThreshold(packId, threshold);
    moderation.setOodThreshold(packId, threshold);
  });
  const realtimeStore = createRealtimeStore();
  const realtime = new RealtimeController(realtimeStore, {
    engine: () => engine.realtime(),
    selection: () => {
      const pack = selectSelectedPack(store.getState());
      return pack ? { pack, headId: store.getState().selectedHeadId ?? pack.manifest.defaultHead } : null;
    },
  });
  const teach = new TeachController({
    basePack: async () => {
      // The backbone every taught pack shares: the one of the app's default pack.
      const { packs: all, defaultPack } = await engine.loadPacks();
      const pack = all.find((p) => p.id === defaultPack) ?? all[0];
      if (!pack) throw new ReelscopeError('ModelLoadFailed', 'No model pack is loaded, so there is no backbone to teach with.');
      return pack;
    },
    features: (pack, file, sample, signal) => engine.clipFeatures(pack, file, sample, signal),
    teacher: () => engine.teach(),
    addPack: async (entries, from) => ({ packId: (await engine.library.add(entries, from)).pack.id }),
    packAdded: async (packId) => {
      await packs.refresh(packId);
    },
    exportZip: (packId) => packs.saveZip(packId),
    record: browserRecorder(),
    cache: new FeatureCache(options.teachFeatures === undefined ? indexedDbFeatures() : options.teachFeatures),
  });
  const update = new UpdateController(options.registerServiceWorker);
  return { engine, store, clip, packs, batch, evaluation, moderation, realtime, realtimeStore, teach, update };
}
