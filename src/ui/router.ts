// A tiny hash router: "#/clip" → the "clip" screen. Screens register in screens/index.ts,
// so adding one needs no change here.

/** The route id in a location hash ("#/batch?x=1" → "batch"), or the fallback when unknown. */
export function routeFromHash(hash: string, known: readonly string[], fallback: string): string {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return known.includes(id) ? id : fallback;
}

export function hashFor(routeId: string): string {
  return `#/${routeId}`;
}
