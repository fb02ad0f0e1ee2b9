import { describe, expect, it } from 'vitest';
import { layersFrom, toImageSummary } from '../../../src/engine/image-mapping';

describe('image mapping', () => {
  it('drops the engine\'s "<none>" placeholders for untagged images', () => {
    const summary = toImageSummary({
      Id: 'sha256:1',
      RepoTags: ['<none>:<none>'],
      RepoDigests: ['<none>@<none>'],
      Created: 1,
    });
    expect(summary.repoTags).toEqual([]);
    expect(summary.repoDigests).toEqual([]);
    expect(summary.created).toBe('1970-01-01T00:00:01.000Z');
    expect(summary.containers).toBe(-1);
  });

  it('pairs layer sizes from the history, oldest first, skipping metadata-only steps', () => {
    const layers = layersFrom(
      ['sha256:base', 'sha256:app'],
      [
        { CreatedBy: '/bin/sh -c #(nop)  CMD ["python"]', Size: 0 },
        { CreatedBy: '/bin/sh -c pip install app', Size: 2048 },
        { CreatedBy: '/bin/sh -c #(nop)  ENV A=1', Size: 0 },
        { CreatedBy: '/bin/sh -c #(nop) ADD file:abc in /', Size: 1024 },
      ],
    );
    expect(layers).toEqual([
      { diffId: 'sha256:base', size: 1024, createdBy: '/bin/sh -c #(nop) ADD file:abc in /' },
      { diffId: 'sha256:app', size: 2048, createdBy: '/bin/sh -c pip install app' },
    ]);
  });

  it('leaves sizes unknown when the history does not line up with the layers', () => {
    expect(layersFrom(['sha256:a', 'sha256:b'], [{ CreatedBy: 'x', Size: 5 }])).toEqual([
      { diffId: 'sha256:a', size: -1, createdBy: '' },
      { diffId: 'sha256:b', size: -1, createdBy: '' },
    ]);
  });
});
