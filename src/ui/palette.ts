// Colours shared by the charts, so a class has the same colour in every chart on the page.
// Categorical: Tableau 10, reordered so the first few are the most distinct on white.

export const CLASS_PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#b07aa1',
  '#76b7b2',
  '#9c755f',
  '#edc948',
  '#ff9da7',
  '#bab0ac',
] as const;

/** Classes not given a colour (e.g. the 995 ImageNet classes outside the clip's top 5). */
export const OTHER_CLASS_COLOR = '#9aa3ad';

/** Assigns palette colours to classes in the order given (most relevant first). */
export function classColors(classIndices: readonly number[]): Map<number, string> {
  const map = new Map<number, string>();
  classIndices.forEach((c, i) => map.set(c, CLASS_PALETTE[i % CLASS_PALETTE.length]!));
  return map;
}

type Rgb = [number, number, number];

/** Viridis, sampled at 9 stops: perceptually uniform and readable in greyscale. */
const VIRIDIS: Rgb[] = [
  [68, 1, 84],
  [71, 45, 123],
  [59, 82, 139],
  [44, 114, 142],
  [33, 145, 140],
  [40, 174, 128],
  [94, 201, 98],
  [173, 220, 48],
  [253, 231, 37],
];

/** Blues for time (early = light, late = dark), distinct from viridis' meaning of "value". */
const TIME_RAMP: Rgb[] = [
  [158, 202, 225],
  [66, 146, 198],
  [8, 69, 148],
  [8, 38, 84],
];

function ramp(stops: readonly Rgb[], t: number): Rgb {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as Rgb;
}

export function viridis(t: number): Rgb {
  return ramp(VIRIDIS, t);
}

export function timeColor(t: number): string {
  const [r, g, b] = ramp(TIME_RAMP, t);
  return `rgb(${r}, ${g}, ${b})`;
}

/** CSS gradient of a ramp, for legends. */
export function viridisGradient(): string {
  return `linear-gradient(to right, ${VIRIDIS.map(([r, g, b]) => `rgb(${r},${g},${b})`).join(', ')})`;
}

export function timeGradient(): string {
  return `linear-gradient(to right, ${TIME_RAMP.map(([r, g, b]) => `rgb(${r},${g},${b})`).join(', ')})`;
}

/**
 * Colours for a clip's classes. Small label sets keep one colour per class across clips
 * (PlayingPiano is always the same colour); large ones (ImageNet) colour the shown classes
 * by rank, and everything else is grey.
 */
export function clipClassColors(labelCount: number, shown: readonly number[]): Map<number, string> {
  if (labelCount <= CLASS_PALETTE.length) {
    return classColors(Array.from({ length: labelCount }, (_, c) => c));
  }
  return classColors(shown);
}

export function colorOf(colors: ReadonlyMap<number, string>, classIndex: number): string {
  return colors.get(classIndex) ?? OTHER_CLASS_COLOR;
}
