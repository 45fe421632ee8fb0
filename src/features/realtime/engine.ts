// The part of the inference worker the realtime pipeline uses: open a pack, one frame through
// the backbone, and a streaming step session (its recurrent state kept in the worker).
// src/clients/inferenceClient.ts's InferenceClient / StreamSession have exactly this shape.
import type { FrameResult, PackRef, PrepareResult, StepResult } from '../../protocol/inference';

export interface RealtimeStepSession {
  /** One frame's features → the head's probabilities after it; the state advances in the worker. */
  step(features: Float32Array): Promise<StepResult>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface RealtimeEngine {
  /** Opens the pack's sessions on the chosen backend (cached: cheap when already open). */
  prepare(pack: PackRef): Promise<Pick<PrepareResult, 'backend' | 'precision'>>;
  /** RGB24 size×size (the buffer is transferred) → features and the backbone's own probabilities; `size`: the manifest's, or its live size. */
  frame(packId: string, index: number, rgb: ArrayBuffer, signal?: AbortSignal, size?: number): Promise<FrameResult>;
  openStream(packId: string, headId: string): Promise<RealtimeStepSession>;
}
