// Immutable list updates the feature stores share.

/** `list` with the item of id `id` replaced by `change(item)`; the same array when there is none. */
export function replaceById<T extends { id: number }>(list: T[], id: number, change: (item: T) => T): T[] {
  const at = list.findIndex((x) => x.id === id);
  if (at < 0) return list;
  const next = list.slice();
  next[at] = change(list[at]!);
  return next;
}

/** `list` with every item through `change`; the same array when `change` returns every item itself. */
export function mapChanged<T>(list: T[], change: (item: T) => T): T[] {
  const next = list.map(change);
  return next.every((item, i) => item === list[i]) ? list : next;
}
