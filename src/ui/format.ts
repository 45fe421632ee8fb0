// Number and text formatting shared by the UI's components. Pure.

/** 0.8734 → "87.3%"; very small values keep a sign of life ("<0.1%"). */
export function formatPercent(p: number, digits = 1): string {
  if (!Number.isFinite(p)) return '–';
  const pct = p * 100;
  if (pct > 0 && pct < 10 ** -digits) return `<${(10 ** -digits).toFixed(digits)}%`;
  return `${pct.toFixed(digits)}%`;
}

/** Milliseconds, with precision that fits the size: 0.42 ms, 12.3 ms, 845 ms, 2.35 s. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** 1234567 → "1.23 M", 45120 → "45.1 k", 812 → "812". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${(n / 1e6).toFixed(abs >= 1e7 ? 1 : 2)} M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(abs >= 1e4 ? 1 : 2)} k`;
  return String(Math.round(n));
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** Seconds as a clip timestamp: 3.456 → "0:03.5", 75 → "1:15.0". */
export function formatTime(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '–';
  const tenths = Math.round(sec * 10);
  const minutes = Math.floor(tenths / 600);
  const rest = (tenths - minutes * 600) / 10;
  return `${minutes}:${rest.toFixed(1).padStart(4, '0')}`;
}

/** The first hex digits of a digest, enough to compare by eye. */
export function shortHash(sha256: string, digits = 12): string {
  return sha256.slice(0, digits);
}

/** ImageNet labels can be long synonym lists ("tabby, tabby cat"): keep the first name. */
export function shortLabel(label: string): string {
  const first = label.split(',')[0]!.trim();
  return first || label;
}
