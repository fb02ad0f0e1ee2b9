import { describe, expect, it } from 'vitest';
import { uniqueId } from '../../../src/shared/unique-id';

describe('uniqueId', () => {
  it('is shaped as a version 4 UUID, with its version and variant bits', () => {
    for (let i = 0; i < 1000; i++) {
      expect(uniqueId()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });

  it('does not repeat over many ids, and its digits are spread (no padding runs)', () => {
    const ids = Array.from({ length: 50_000 }, uniqueId);
    expect(new Set(ids).size).toBe(ids.length);
    // Every hex digit shows up in every random position: a fixed or padded digit would not.
    const positions = [0, 7, 9, 15, 20, 35];
    for (const p of positions) {
      expect(new Set(ids.map((id) => id[p])).size).toBe(16);
    }
  });
});
