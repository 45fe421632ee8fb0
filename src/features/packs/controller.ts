// The Packs screen's actions: add a pack (a folder or a .zip), remove one, export one, through the
// engine's pack library; and the one place that lists the packs into the app store, so every
// screen's pack picker sees a pack as soon as it is added. Never rejects: failures land in the
// packs store as UiError values.
import type { PackLibrary } from '../../engine/packLibrary';
import { entriesFromFiles, entriesFromZip } from '../../engine/packZip';
import { serializeError } from '../../pipeline/errors';
import type { ReelscopeStore } from '../../store/store';
import type { PickedFile } from '../files/picked';
import { createPacksStore, type PackAction, type PacksStore } from './store';

export type PackLibraryPort = Pick<PackLibrary, 'list' | 'add' | 'remove' | 'exportZip' | 'estimate'>;

export interface PacksControllerOptions {
  /** Hands an exported .zip to the user (a download in the browser). */
  save: (blob: Blob, fileName: string) => void;
}

const ZIP_NAME = /\.zip$/i;

export class PacksController {
  readonly store: PacksStore = createPacksStore();

  constructor(
    readonly app: ReelscopeStore,
    readonly library: PackLibraryPort,
    readonly options: PacksControllerOptions,
  ) {}

  /**
   * Lists every pack into the app store, keeping the selection where it still exists, or selecting
   * `selectId`. True when the list loaded; a failure is kept as the app store's packsError.
   */
  async refresh(selectId?: string): Promise<boolean> {
    const app = this.app.getState();
    if (app.packs.length === 0) app.setPacksLoading();
    try {
      const { packs, defaultPack } = await this.library.list();
      this.app.getState().setPacks(packs, defaultPack);
      if (selectId) this.app.getState().setSelectedPack(selectId);
      void this.#refreshStorage();
      return true;
    } catch (error) {
      this.app.getState().setPacksError(serializeError(error));
      return false;
    }
  }

  /** Adds the pack the user picked or dropped: one .zip, or a folder's files. The new pack is selected. */
  async add(picked: readonly PickedFile[]): Promise<void> {
    if (picked.length === 0) return;
    const { subject, from } = describePick(picked);
    await this.#run({ kind: 'add', subject }, subject, async () => {
      const zip = picked.length === 1 && ZIP_NAME.test(picked[0]!.file.name) ? picked[0]!.file : null;
      const entries = zip ? await entriesFromZip(zip, zip.name) : entriesFromFiles(picked);
      const { pack, renamedFrom } = await this.library.add(entries, from);
      await this.refresh(pack.id);
      this.store.setState({ added: { packId: pack.id, title: pack.manifest.title, renamedFrom } });
    });
  }

  /** Removes an added pack (its files go unless another pack uses them). */
  async remove(packId: string): Promise<void> {
    await this.#run({ kind: 'remove', packId }, packId, async () => {
      await this.library.remove(packId);
      if (this.store.getState().added?.packId === packId) this.store.setState({ added: null });
      await this.refresh();
    });
  }

  /** Saves any pack, shipped or added, as a self-contained .zip; failures are kept as state. */
  async exportZip(packId: string): Promise<void> {
    await this.#run({ kind: 'export', packId }, packId, () => this.saveZip(packId));
  }

  /** The same for a caller that shows its own errors (the Teach screen): rejects on failure. */
  async saveZip(packId: string): Promise<void> {
    const { blob, fileName } = await this.library.exportZip(packId);
    this.options.save(blob, fileName);
  }

  dismissFailure(): void {
    this.store.setState({ failure: null });
  }

  async #run(action: PackAction, subject: string, work: () => Promise<void>): Promise<void> {
    this.store.setState({ busy: action, failure: null, ...(action.kind === 'add' ? { added: null } : {}) });
    try {
      await work();
    } catch (error) {
      this.store.setState({ failure: { subject, error: serializeError(error) } });
    } finally {
      this.store.setState({ busy: null });
    }
  }

  async #refreshStorage(): Promise<void> {
    const { usage, quota } = await this.library.estimate();
    this.store.setState({ storage: usage === undefined && quota === undefined ? null : { usage: usage ?? null, quota: quota ?? null } });
  }
}

/** What the pick was, for the UI ("my-pack.zip") and for the pack's record ("zip my-pack.zip"). */
export function describePick(picked: readonly PickedFile[]): { subject: string; from: string } {
  const first = picked[0]!;
  if (picked.length === 1 && ZIP_NAME.test(first.file.name)) return { subject: first.file.name, from: `zip ${first.file.name}` };
  const folder = first.path.includes('/') ? first.path.split('/')[0]! : null;
  if (folder && picked.every((p) => p.path.startsWith(`${folder}/`))) return { subject: folder, from: `folder ${folder}` };
  return { subject: `${picked.length} files`, from: `${picked.length} files` };
}
