// Evaluation on a small labelled folder the test assembles from links (2 known classes × 2
// clips + 1 clip of a class the pack does not know): the numbers shown must be what the shared
// evaluate() gives for the per-clip predictions shown, and the misclassified list must agree.
import { basename } from 'node:path';
import { expect, test } from '@playwright/test';
import { confidenceQuality, evaluate, outcomeLabels } from '../src/pipeline/metrics';
import { NONE_OF_THESE } from '../src/pipeline/postprocess';
import { AppDriver } from './support/app';
import { labelledFolder, realClip } from './support/media';

const PACK = 'ucf101-6';

/** Two clips each of Archery and Surfing, and one unseen action. */
const labelled = () =>
  labelledFolder('reelscope-eval-', [
    ...['Archery', 'Surfing'].flatMap((className) => [0, 1].map((k) => ({ className, path: realClip(className, k) }))),
    { className: 'BenchPress', path: realClip('BenchPress', 0, 'ucf101-other') },
  ]);

test('a labelled folder: accuracy, macro-F1 and confusion equal evaluate() of the shown predictions; misclassified clips open in the clip view', async ({ page }) => {
  const folder = labelled();
  const app = new AppDriver(page);
  await app.open('/#/evaluation');
  await app.selectPack(PACK);
  const setup = await app.summaryOfSetup();
  expect(setup.hasOod, `pack ${PACK} can say "none of these"`).toBe(true);
  const labels = outcomeLabels(setup.labels, setup.hasOod, NONE_OF_THESE);

  await page.getByTestId('eval-input').setInputFiles(folder);
  await page.waitForFunction(() => window.__reelscope?.evaluation.getState().status === 'done', null, { timeout: 220_000 });

  // Per-clip predictions as the table shows them.
  const clipRows = page.getByTestId('eval-clip');
  await expect(clipRows).toHaveCount(5);
  const shown = await clipRows.evaluateAll((rows) =>
    rows.map((r) => ({
      file: r.getAttribute('data-file')!,
      truth: r.getAttribute('data-truth')!,
      status: r.getAttribute('data-status')!,
      heads: Object.fromEntries([...r.querySelectorAll('td[data-head]')].map((td) => [td.getAttribute('data-head')!, td.getAttribute('data-label')!])),
    })),
  );
  expect(shown.map((c) => c.status)).toEqual(Array(5).fill('done'));
  expect(shown.find((c) => c.file.includes('BenchPress'))!.truth).toBe(NONE_OF_THESE);
  const truths = shown.map((c) => c.truth);

  // Both temporal heads, side by side, with parameter counts and latency.
  const headRows = page.getByTestId('eval-heads').getByTestId('eval-head');
  const headIds = await headRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-head')!));
  expect(headIds.length).toBeGreaterThanOrEqual(2);
  for (const headId of headIds) {
    const expected = evaluate(truths, shown.map((c) => c.heads[headId]!), labels);
    const row = page.locator(`[data-testid="eval-head"][data-head="${headId}"]`);
    expect(Number(await row.getAttribute('data-accuracy'))).toBeCloseTo(expected.accuracy, 10);
    expect(Number(await row.getAttribute('data-macro-f1'))).toBeCloseTo(expected.macroF1, 10);
    expect(Number(await row.locator('[data-col="parameters"]').getAttribute('data-value'))).toBeGreaterThan(0);
    await expect(row.locator('[data-col="head-ms"]')).toContainText(/ms|s/);
  }

  // The focused head's big numbers, confusion matrix (with the "none of these" column) and mistakes.
  const focus = (await page.getByTestId('eval-accuracy').getAttribute('data-head'))!;
  const predictions = shown.map((c) => c.heads[focus]!);
  const expected = evaluate(truths, predictions, labels);
  expect(Number(await page.getByTestId('eval-accuracy').getAttribute('data-value'))).toBeCloseTo(expected.accuracy, 10);
  expect(Number(await page.getByTestId('eval-macro-f1').getAttribute('data-value'))).toBeCloseTo(expected.macroF1, 10);
  const confusion = page.getByTestId('eval-confusion');
  // Every drawn cell holds the expected count, and the drawn cells hold every clip.
  const cells = await confusion.locator('td[data-true]').evaluateAll((tds) =>
    tds.map((td) => ({ t: td.getAttribute('data-true')!, p: td.getAttribute('data-predicted')!, n: Number(td.textContent) })),
  );
  for (const cell of cells) expect(cell.n, `${cell.t} → ${cell.p}`).toBe(expected.confusion[labels.indexOf(cell.t)]![labels.indexOf(cell.p)]);
  expect(cells.reduce((a, c) => a + c.n, 0)).toBe(shown.length);
  await expect(confusion.locator('thead th').last()).toHaveText(NONE_OF_THESE);

  // Confidence: the reliability diagram's ECE and AUROC are confidenceQuality() of the clips' own
  // answers (the class chosen before "none of these", and its probability), on the 4 in-scope clips.
  const answers = await page.evaluate(
    (headId) =>
      window.__reelscope!.evaluation.getState().clips.map((c) => {
        const head = c.summary!.heads.find((h) => h.headId === headId)!;
        return { truth: c.truth!, predicted: head.predicted, confidence: head.confidence };
      }),
    focus,
  );
  const quality = confidenceQuality(answers.map((a) => a.truth), answers.map((a) => a.predicted), answers.map((a) => a.confidence), setup.labels);
  const diagram = page.getByTestId('eval-reliability');
  await expect(diagram).toHaveAttribute('data-head', focus);
  expect(Number(await diagram.getAttribute('data-n'))).toBe(4);
  expect(Number(await diagram.getAttribute('data-ece'))).toBeCloseTo(quality.ece, 10);
  await expect(diagram).toHaveAttribute('data-auroc', String(quality.confidenceAuroc)); // NaN when every in-scope answer is right
  await expect(diagram.locator('.recharts-bar-rectangle').first()).toBeAttached();
  const threshold = await page.evaluate(() => {
    const s = window.__reelscope!.getState();
    return s.packs.find((p) => p.id === s.selectedPackId)!.manifest.ood!.threshold;
  });
  await expect(page.getByTestId('eval-ood-thresholds')).toContainText(threshold.toFixed(2));

  const wrong = shown.filter((c) => c.heads[focus] !== c.truth).map((c) => c.file);
  const listed = page.getByTestId('eval-misclassified').getByTestId('eval-misclassified-row');
  await expect(listed).toHaveCount(wrong.length);
  expect(await listed.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-file')))).toEqual(wrong);

  if (wrong.length > 0) {
    await listed.first().locator('button').click();
    await expect(page).toHaveURL(/#\/clip$/);
    const name = basename(wrong[0]!);
    await page.waitForFunction((n) => {
      const clip = window.__reelscope?.getState().clip;
      return clip?.fileName === n && clip.status === 'done';
    }, name, { timeout: 120_000 });
  } else {
    await expect(page.getByTestId('eval-misclassified')).toContainText('None');
  }
});
