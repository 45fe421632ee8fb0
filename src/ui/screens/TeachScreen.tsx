import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MAX_VIEWS } from '../../features/teach/controller';
import { selectBusy, useTeachStore, type TeachState } from '../../features/teach/store';
import type { TeachProgress } from '../../protocol/teach';
import { useRoot } from '../shell/RootContext';
import { ErrorBanner } from '../components/ErrorBanner';
import { Panel } from '../components/Panel';
import { TeachClassCard } from '../components/teach/TeachClassCard';
import { TeachScorePanel } from '../components/teach/TeachScorePanel';
import { TrainingCurve } from '../components/teach/TrainingCurve';
import '../components/batch/batch.css';
import '../components/teach/teach.css';

const selectView = (s: TeachState) => ({
  classes: s.classes,
  clips: s.clips,
  packName: s.packName,
  views: s.views,
  phase: s.phase,
  features: s.features,
  training: s.training,
  segments: s.segments,
  curve: s.curve,
  score: s.score,
  savedPackId: s.savedPackId,
  error: s.error,
  cacheNote: s.cacheNote,
  recordingClassId: s.recordingClassId,
  busy: selectBusy(s),
});

const HEAD_NAMES = { ssm: 'SSM head', linear: 'linear probe' } as const;

function trainingWords(p: TeachProgress | null): string {
  if (!p) return 'Starting the teach worker…';
  switch (p.phase) {
    case 'validate':
      return `Scoring the ${HEAD_NAMES[p.head]}: fold ${p.fold + 1} of ${p.folds}, epoch ${p.epoch} of ${p.epochs}`;
    case 'train':
      return `Training the ${HEAD_NAMES[p.head]} on every clip: epoch ${p.epoch} of ${p.epochs}`;
    case 'export':
      return 'Fitting the out-of-scope detector and writing the ONNX graphs…';
  }
}

function Bar({ label, done, total, testId }: { label: string; done: number; total: number; testId: string }) {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  return (
    <div className="progress" data-testid={testId} data-done={done} data-total={total}>
      <p className="progress__title">{label}</p>
      <div className="progress__bar" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <div className="progress__fill" style={{ width: `${fraction * 100}%` }} />
      </div>
    </div>
  );
}

/** Teach: name classes, drop clips, train a head in the browser, see an honest score, save it as a pack. */
export function TeachScreen() {
  const controller = useRoot().teach;
  const s = useTeachStore(controller.store, useShallow(selectView));
  const [newClass, setNewClass] = useState('');
  const blockers = controller.blockers();
  const addClass = () => {
    controller.addClass(newClass);
    setNewClass('');
  };

  return (
    <div className="teach-screen" data-testid="teach-screen" data-phase={s.phase}>
      <Panel
        title="Your classes"
        subtitle="Name a class, then drop a few clips of it (files or folders) or record a few seconds from the webcam. Clips cut from one video share a group, and a group is never both trained and scored on; UCF101 names (…_g08_c01) set it for you."
      >
        <div className="teach-classes">
          {s.classes.map((c) => (
            <TeachClassCard
              key={c.id}
              cls={c}
              clips={s.clips.filter((clip) => clip.classId === c.id)}
              views={s.views}
              disabled={s.busy}
              onRename={(name) => controller.renameClass(c.id, name)}
              onRemove={() => controller.removeClass(c.id)}
              onFiles={(files) => controller.addClips(c.id, files)}
              onRemoveClip={(id) => controller.removeClip(id)}
              onGroup={(id, group) => controller.setGroup(id, group)}
              {...(controller.canRecord ? { onRecord: () => void controller.record(c.id) } : {})}
              recording={s.recordingClassId === c.id}
              onStopRecording={() => controller.stopRecording()}
            />
          ))}
        </div>
        <form
          className="teach-add"
          onSubmit={(e) => {
            e.preventDefault();
            addClass();
          }}
        >
          <input type="text" value={newClass} placeholder="New class name" disabled={s.busy} data-testid="teach-new-class" onChange={(e) => setNewClass(e.currentTarget.value)} />
          <button type="submit" className="button" disabled={s.busy} data-testid="teach-add-class">
            Add class
          </button>
        </form>
      </Panel>

      <Panel
        title="Train"
        subtitle={`The shipped backbone reads each clip in ${s.views === 1 ? 'its canonical view' : `${s.views} views (the canonical one and ${s.views - 1} augmented, as training/ makes them)`}, cached by content; then an SSM head and a linear probe are scored by cross-validation and trained, all in this tab.`}
        testId="teach-train"
      >
        <div className="teach-controls">
          <label>
            Pack name{' '}
            <input type="text" value={s.packName} disabled={s.busy} data-testid="teach-pack-name" onChange={(e) => controller.setPackName(e.currentTarget.value)} />
          </label>
          <label>
            Views per clip{' '}
            <select value={s.views} disabled={s.busy} data-testid="teach-views" onChange={(e) => controller.setViews(Number(e.currentTarget.value))}>
              {Array.from({ length: MAX_VIEWS }, (_, i) => i + 1).map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          </label>
          {s.busy && s.phase !== 'saving' ? (
            <button type="button" className="button" onClick={() => controller.cancel()} data-testid="teach-cancel">
              Cancel
            </button>
          ) : (
            <button type="button" className="button button--primary" disabled={s.busy || blockers.length > 0} onClick={() => void controller.train()} data-testid="teach-train-button">
              Train
            </button>
          )}
        </div>
        {blockers.length > 0 && !s.busy ? <p className="muted" data-testid="teach-blockers">{blockers.join(' ')}</p> : null}
        {s.error ? <ErrorBanner error={s.error} /> : null}
        {s.cacheNote ? <p className="muted">{s.cacheNote}</p> : null}
        {s.phase === 'extracting' || s.features.total > 0 ? <Bar label={`Features: ${s.features.done} of ${s.features.total} views`} done={s.features.done} total={s.features.total} testId="teach-features-progress" /> : null}
        {s.phase === 'training' || s.segments.total > 0 ? (
          <>
            <Bar label={s.phase === 'training' ? trainingWords(s.training) : 'Trained'} done={s.segments.done} total={s.segments.total} testId="teach-training-progress" />
            <TrainingCurve curve={s.curve} />
          </>
        ) : null}
      </Panel>

      {s.score ? (
        <Panel
          title="Honest score"
          subtitle="Out-of-fold: every clip is predicted by a head trained without its group. This is what to expect on new videos like these."
          actions={
            <button type="button" className="button button--primary" disabled={s.phase !== 'trained'} onClick={() => void controller.save()} data-testid="teach-save">
              {s.phase === 'saved' ? 'Saved' : s.phase === 'saving' ? 'Saving…' : 'Save as a pack'}
            </button>
          }
          testId="teach-result"
        >
          {s.savedPackId ? (
            <p data-testid="teach-saved" data-pack={s.savedPackId}>
              Saved as pack <strong>{s.savedPackId}</strong> and selected: every screen now runs it.{' '}
              <button type="button" className="button" onClick={() => void controller.exportZip()} data-testid="teach-export-zip">
                Export .zip
              </button>
            </p>
          ) : null}
          <TeachScorePanel score={s.score} />
        </Panel>
      ) : null}
    </div>
  );
}
