// Grabs the current picture of a playing <video> (camera or file) as the model's RGB24 input:
// one drawImage of the crop rectangle (geometry.ts) into a size×size canvas, read back and
// stripped of alpha. Main thread (a video element cannot be read in a worker).
import type { FrameGeometry } from '../../pipeline/sampling';
import { cropSourceRect } from './geometry';
import { rgbaToRgb24 } from './pixels';

type Context2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

export class FrameGrabber {
  readonly #size: number;
  readonly #geometry: FrameGeometry;
  readonly #ctx: Context2D;

  constructor(geometry: FrameGeometry) {
    this.#geometry = geometry;
    this.#size = geometry.size;
    const canvas =
      typeof OffscreenCanvas !== 'undefined'
        ? new OffscreenCanvas(this.#size, this.#size)
        : Object.assign(document.createElement('canvas'), { width: this.#size, height: this.#size });
    const ctx = canvas.getContext('2d', { willReadFrequently: true, alpha: false }) as Context2D | null;
    if (!ctx) throw new Error('no 2D canvas context for grabbing frames');
    ctx.imageSmoothingEnabled = true;
    // swscale's bilinear/bicubic/area filters widen with the downscale ratio (they antialias); so does 'high'.
    ctx.imageSmoothingQuality = 'high';
    this.#ctx = ctx;
  }

  get size(): number {
    return this.#size;
  }

  /** The video's current picture as size×size RGB24 (a fresh buffer, ready to transfer), or null if it has none yet. */
  grab(video: HTMLVideoElement): Uint8Array | null {
    const { videoWidth: w, videoHeight: h } = video;
    if (w === 0 || h === 0 || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return null;
    const r = cropSourceRect(w, h, this.#geometry);
    this.#ctx.drawImage(video, r.sx, r.sy, r.sw, r.sh, 0, 0, this.#size, this.#size);
    const rgba = this.#ctx.getImageData(0, 0, this.#size, this.#size).data;
    return rgbaToRgb24(rgba);
  }
}
