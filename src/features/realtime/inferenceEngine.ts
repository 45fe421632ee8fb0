// Binds the realtime pipeline to an inference worker: the client is configured for the backend
// the settings bar asks for (configure is cheap once ORT is loaded), then used as the engine
// (InferenceClient and its StreamSession have the RealtimeEngine shape). A crashed or terminated
// worker is replaced by a fresh one on the next start.
import { InferenceClient } from '../../clients/inferenceClient';
import type { BackendPreference } from '../../store/types';
import type { RealtimeEngine } from './engine';

export class RealtimeInference {
  readonly #preference: () => BackendPreference;
  #client: InferenceClient | null = null;

  constructor(preference: () => BackendPreference) {
    this.#preference = preference;
  }

  async engine(): Promise<RealtimeEngine> {
    if (!this.#client || this.#client.deadReason) this.#client = InferenceClient.spawn();
    await this.#client.configure(this.#preference());
    return this.#client;
  }
}
