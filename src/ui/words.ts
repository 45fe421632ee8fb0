// Short names the UI uses for things in the manifest.
import type { Head } from '../pipeline/manifest';

export const HEAD_KIND_WORDS: Record<Head['kind'], string> = { ssm: 'SSM', lstm: 'LSTM', linear: 'Linear probe', 'frame-mean': 'Frame mean' };
