// Saving what the user exports, through an <a download> and an object URL revoked right after.

export function saveText(text: string, fileName: string, type: string): void {
  saveBlob(new Blob([text], { type: `${type};charset=utf-8` }), fileName);
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.style.display = 'none';
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // The click has started the download synchronously; the URL is no longer needed.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

/** "reelscope-batch-2026-11-27T16-20-05.csv" */
export function exportName(prefix: string, extension: string, now = new Date()): string {
  return `${prefix}-${now.toISOString().slice(0, 19).replaceAll(':', '-')}.${extension}`;
}
