/** The browser-safe side of flows: Prefect's image tags for the picker, problems as text. */
import { describe, expect, it } from 'vitest';
import {
  PREFECT_DEFAULT_IMAGE,
  PREFECT_IMAGE_TAGS,
  flowId,
  formatProblem,
} from '../../../src/shared/flows';
import { familiarString, parseNormalizedNamed } from '../../../src/shared/reference';

describe('Prefect image tags', () => {
  it('are valid tags of prefecthq/prefect, each described, the default among them', () => {
    for (const { tag, description } of PREFECT_IMAGE_TAGS) {
      const image = `prefecthq/prefect:${tag}`;
      expect(familiarString(parseNormalizedNamed(image))).toBe(image);
      expect(description.length).toBeGreaterThan(10);
    }
    expect(PREFECT_IMAGE_TAGS.map((t) => `prefecthq/prefect:${t.tag}`)).toContain(
      PREFECT_DEFAULT_IMAGE,
    );
    expect(new Set(PREFECT_IMAGE_TAGS.map((t) => t.tag)).size).toBe(PREFECT_IMAGE_TAGS.length);
  });
});

describe('problems and ids', () => {
  it('prints a problem as file:line: message, or file: message without a line', () => {
    expect(
      formatProblem({ file: 'prefect.yaml', line: 14, message: 'entrypoint x — gone', hint: null }),
    ).toBe('prefect.yaml:14: entrypoint x — gone');
    expect(formatProblem({ file: '.', line: 0, message: 'too many files', hint: null })).toBe(
      '.: too many files',
    );
  });

  it('makes ids from kind, file and name', () => {
    expect(flowId('valohai-step', 'ml/valohai.yaml', 'train')).toBe(
      'valohai-step:ml/valohai.yaml:train',
    );
  });
});
