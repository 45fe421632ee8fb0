// The input side real time feeds the backbone. A pack may declare a smaller `input.liveSize` for live
// use: on a CPU backend it is what keeps up with a camera (MobileNetV2 at 160 costs about half of 224),
// and the shipped head's class after every frame was measured to agree with 224's (docs/realtime.md).
// On a GPU the full size is cheap, so it stays. The user can always ask for the full size.
import type { Backend, InputSpec } from '../../pipeline/manifest';

/** 'fast': the pack's live size on a CPU backend; 'full': always the size the heads were trained at. */
export type RealtimeInputMode = 'fast' | 'full';

export function realtimeInputSize(input: Pick<InputSpec, 'size' | 'liveSize'>, backend: Backend, mode: RealtimeInputMode): number {
  return mode === 'fast' && backend === 'wasm' && input.liveSize !== undefined ? input.liveSize : input.size;
}
