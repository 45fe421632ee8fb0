// Which source (video, recording session) a clip comes from, so that cross-validation keeps a
// source's clips in one fold. UCF101 names say it: v_Archery_g08_c01.avi is clip 1 of group 8, and
// a group's clips are cut from one long video. Any other file is its own source until the user
// names a group.

const UCF_GROUP = /_g(\d{1,3})_c\d{1,3}\.[a-z0-9]{1,5}$/i;

/** The group a file name implies: "g08" for a UCF101-style name, else the name without its extension. */
export function defaultGroup(fileName: string): string {
  const ucf = UCF_GROUP.exec(fileName);
  if (ucf) return `g${ucf[1]!.padStart(2, '0')}`;
  const base = fileName.split('/').pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** A group the user typed: trimmed; empty means "back to the default". */
export function normaliseGroup(typed: string, fileName: string): string {
  const trimmed = typed.trim();
  return trimmed === '' ? defaultGroup(fileName) : trimmed;
}

/** A pack id from a name the user gave: lower-case words joined by "-", prefixed "taught-". */
export function packIdFor(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // the accents NFKD split off
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `taught-${slug || 'pack'}`;
}
