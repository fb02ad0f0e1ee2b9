/**
 * The images a build pulls, whose registries alone get a credential: FROM per stage with ARG
 * expansion (build args over defaults), stage names and scratch left out, COPY --from images.
 */
import { describe, expect, it } from 'vitest';
import { expandArgs, pulledImages } from '../../../src/build/base-images';

describe('pulledImages', () => {
  it('names each FROM image once, and no stage or scratch', () => {
    const dockerfile = [
      '# syntax note',
      'FROM --platform=linux/amd64 registry.example.com/team/base:1 AS deps',
      'RUN true',
      'FROM deps AS test',
      'FROM scratch',
      'FROM registry.example.com/team/base:1',
      'COPY --from=deps /a /a',
      'COPY --from=0 /b /b',
      'COPY --from=ghcr.io/org/tools:2 /bin/tool /bin/tool',
    ].join('\n');
    expect(pulledImages(dockerfile, {})).toEqual([
      'registry.example.com/team/base:1',
      'ghcr.io/org/tools:2',
    ]);
  });

  it('expands ARGs declared before the first FROM, build args first', () => {
    const dockerfile = [
      'ARG REGISTRY=127.0.0.1:5000',
      'ARG TAG=3.12 \\',
      '    FLAVOUR',
      'FROM ${REGISTRY}/private/python:$TAG${FLAVOUR:+-}${FLAVOUR}',
      'ARG LATE=ignored.example/x',
      'FROM ${LATE:-docker.io/library/alpine:3}',
    ].join('\n');
    expect(pulledImages(dockerfile, {})).toEqual([
      '127.0.0.1:5000/private/python:3.12',
      'docker.io/library/alpine:3',
    ]);
    expect(pulledImages(dockerfile, { TAG: '3.11', FLAVOUR: 'slim' })[0]).toBe(
      '127.0.0.1:5000/private/python:3.11-slim',
    );
  });

  it('expands the shell forms the builder knows', () => {
    const vars = new Map([['A', 'x']]);
    expect(expandArgs('$A ${A} ${B:-d} ${A:+p} ${B:+p}', vars)).toBe('x x d p ');
  });
});
