import { describe, expect, it } from 'vitest';
import { hasFunctions, moduleExports } from '../../../src/shared/module-exports';

const isLib = (value: unknown): value is { run(): string } => hasFunctions(value, 'run');
const lib = { run: () => 'ran' };

describe('a CommonJS package from import()', () => {
  it('is the namespace itself under Node, or its default export from a bundle', () => {
    expect(moduleExports(lib, isLib, 'lib').run()).toBe('ran');
    expect(moduleExports({ default: lib }, isLib, 'lib').run()).toBe('ran');
  });

  it('says which package came without the exports it needs', () => {
    expect(() => moduleExports({ default: { run: 1 } }, isLib, 'lib')).toThrow(
      'lib loaded without its exports',
    );
    expect(() => moduleExports(null, isLib, 'lib')).toThrow('lib loaded without its exports');
    expect(hasFunctions({ a: () => 1 }, 'a', 'b')).toBe(false);
  });
});
