// What the batch and evaluation screens take in: picked files with their paths.

/** A file picked or dropped, with its path inside the picked folder ("Class/clip.avi"), or its name. */
export interface PickedFile {
  file: File;
  path: string;
}
