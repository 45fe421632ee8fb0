import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePackManifest } from '../../../src/pipeline/manifest';
import { buildReport, modelProvenance, REPORT_SCHEMA, reportFileName, reportJson } from '../../../src/features/moderation/report';
import { DEFAULT_SMOOTHING, findSegments } from '../../../src/features/moderation/segments';
import { activeThresholds, defaultThresholds, verdict } from '../../../src/features/moderation/verdict';

const manifest = parsePackManifest(JSON.parse(readFileSync(join(__dirname, '../../../public/models/moderation/manifest.json'), 'utf8')));
const labels = manifest.backbone.frameOutput!.labels;

describe('moderation report', () => {
  const thresholds = defaultThresholds(labels);
  thresholds.categories.Drawing = { threshold: 0.5, action: 'review' };
  const frames = Array.from({ length: 16 }, (_, i) => ({
    index: i,
    timeSec: (i + 0.5) / 2,
    scores: [i >= 8 ? 0.9 : 0.0123456789, 0, i >= 8 ? 0.1 : 0.99, 0, 0],
    oodScore: null,
    thumbnailUrl: 'blob:http://x/should-not-appear',
  }));
  const segments = findSegments(frames, labels, activeThresholds(thresholds), 8);
  const input = {
    clip: { fileName: 'my clip (1).mp4', fileBytes: 1234, metadata: null },
    labels,
    frames,
    thresholds,
    smoothing: DEFAULT_SMOOTHING,
    oodThreshold: null,
    segments,
    verdict: verdict(segments, thresholds),
    model: modelProvenance(manifest, { kind: 'frame' }, 'fp32', 'wasm'),
  };

  it('round-trips through JSON with the same segments, verdict and per-frame scores', () => {
    const report = buildReport(input, new Date('2026-01-02T03:04:05Z'));
    const parsed = JSON.parse(reportJson(report)) as typeof report;
    expect(parsed.schema).toBe(REPORT_SCHEMA);
    expect(parsed.generatedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(parsed.segments).toEqual(segments);
    expect(parsed.verdict.decision).toBe('review');
    expect(parsed.verdict.reasons[0]!.text).toMatch(/^Drawing above 0\.50 for 4\.0 s \(00:04–00:08\)/);
    expect(parsed.frames).toHaveLength(16);
    expect(parsed.frames[0]!.scores).toEqual({ Drawing: 0.012346, Hentai: 0, Neutral: 0.99, Porn: 0, Sexy: 0 });
    expect(parsed.sampling.times[15]).toBe(7.75);
    expect(parsed.thresholds.categories.Drawing).toEqual({ threshold: 0.5, action: 'review' });
  });

  it('names the model and its files from the manifest, and carries no thumbnails', () => {
    const text = reportJson(buildReport(input));
    const parsed = JSON.parse(text) as ReturnType<typeof buildReport>;
    expect(parsed.model.packId).toBe('moderation');
    expect(parsed.model.backbone).toEqual({ id: manifest.backbone.id, title: manifest.backbone.title, precision: 'fp32' });
    expect(parsed.model.files.map((f) => f.sha256)).toEqual(manifest.files.map((f) => f.sha256));
    expect(parsed.model.provenance.command).toBe(manifest.provenance.command);
    expect(text).not.toContain('blob:');
  });

  it('gives a safe file name', () => {
    expect(reportFileName('my clip (1).mp4', new Date('2026-01-02T03:04:05Z'))).toBe('reelscope-moderation-my-clip-1-2026-01-02T03-04-05.json');
    expect(reportFileName('.mp4', new Date('2026-01-02T03:04:05Z'))).toBe('reelscope-moderation-clip-2026-01-02T03-04-05.json');
  });
});
