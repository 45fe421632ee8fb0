import { describe, expect, it } from 'vitest';
import { decideClip } from '../../src/pipeline/postprocess';
import { approxPercent, operatingPointWords, resultWords, unsureReason } from '../../src/ui/trustWords';

const labels = ['Archery', 'Surfing'];
const calibration = { temperature: 1.7, unsureBelow: 0.6, ece: 0.03, protocol: 'group CV' };

describe('resultWords', () => {
  it('words an answer below the calibrated level as a guess', () => {
    const d = decideClip([0.46, 0.54], labels, undefined, calibration.unsureBelow);
    const w = resultWords(d, calibration);
    expect(`${w.label} ${w.before}54%${w.after}`).toBe('Probably Surfing — unsure (54%)');
    expect(w.eyebrow).toBe('Best guess');
    expect(unsureReason(d, calibration)).toMatch(/Below 60%/);
  });
  it('states a calibrated answer at or above the level plainly, and marks an uncalibrated one', () => {
    const sure = decideClip([0.1, 0.9], labels, undefined, calibration.unsureBelow);
    expect(resultWords(sure, calibration)).toMatchObject({ label: 'Surfing', after: ' confident (calibrated)' });
    expect(unsureReason(sure, calibration)).toBeNull();
    const raw = decideClip([0.46, 0.54], labels);
    expect(resultWords(raw, undefined)).toMatchObject({ label: 'Surfing', after: ' confident (uncalibrated)' });
    expect(unsureReason(raw, undefined)).toBeNull();
  });
});

describe('operatingPointWords', () => {
  it('says what the point costs, in figures from the curve', () => {
    expect(operatingPointWords({ threshold: 4, falseNone: 0.018, catchRate: 0.92, exact: true })).toBe(
      'At this setting it wrongly says “none of these” for ~1.8% of clips of these classes; catches ~92% of unseen actions.',
    );
    expect(operatingPointWords({ threshold: 4.5, falseNone: 0.03, catchRate: 0.75, exact: false })).toMatch(/between two measured points/);
  });
  it('rounds small rates to a tenth of a percent, larger ones to whole percents', () => {
    expect(approxPercent(0.05)).toBe('~5.0%');
    expect(approxPercent(0.124)).toBe('~12%');
    expect(approxPercent(1)).toBe('~100%');
  });
});
