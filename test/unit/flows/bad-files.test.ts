/**
 * Files that are not what their name says each get one clear problem with its file and line,
 * quickly and without a library's own message: empty, a scalar, a list of strings, 5,000
 * levels of nesting, a Kubernetes multi-document file named prefect.yaml, an unquoted template
 * that PyYAML cannot load.
 */
import { describe, expect, it } from 'vitest';
import { discoverFlows } from '../../../src/flows/discover';
import { problemLines, projects } from './project';

const project = projects();

/** Block sequences 5,000 deep in 10 kB: `- - - … x` (indentation that deep would be 12 MB). */
const DEEP_BLOCK = `deployments:\n  ${'- '.repeat(5000)}x\n`;
const DEEP_FLOW = `deployments: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
const K8S = `apiVersion: v1
kind: ConfigMap
metadata:
  name: prefect
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: prefect-worker
`;

const CASES: [string, string, string, RegExp][] = [
  [
    'an empty prefect.yaml',
    'prefect.yaml',
    '',
    /^prefect\.yaml:1: prefect\.yaml is empty: it defines no deployments$/,
  ],
  [
    'a comment-only valohai.yaml',
    'valohai.yaml',
    '# nothing yet\n',
    /^valohai\.yaml:1: valohai\.yaml is empty/,
  ],
  [
    'a scalar prefect.yaml',
    'prefect.yaml',
    'hello\n',
    /^prefect\.yaml:1: .*must be a map with a deployments list; it is the text "hello"$/,
  ],
  [
    'a list-of-strings prefect.yaml',
    'prefect.yaml',
    '- a\n- b\n',
    /^prefect\.yaml:1: .*it is a list$/,
  ],
  [
    'a list-of-strings valohai.yaml',
    'valohai.yaml',
    '- train\n- test\n',
    /^valohai\.yaml:1: entry 1 is the text "train", not "- step:"/,
  ],
  [
    '5,000 levels of block nesting',
    'prefect.yaml',
    DEEP_BLOCK,
    /^prefect\.yaml:\d+: YAML nested deeper than 200 levels at line \d+: not read$/,
  ],
  [
    '5,000 levels of flow nesting',
    'valohai.yaml',
    DEEP_FLOW,
    /^valohai\.yaml:1: YAML nested deeper than 200 levels/,
  ],
  [
    'a Kubernetes manifest named prefect.yaml',
    'prefect.yaml',
    K8S,
    /^prefect\.yaml:5: prefect\.yaml holds 2 YAML documents .*Kubernetes manifest \(kind: ConfigMap\)$/,
  ],
  [
    // Arjunj-keyvalue/train-pipeline's prefect.yaml: PyYAML stops at "found unhashable key".
    'an unquoted {{ template }} that PyYAML reads as a mapping key',
    'prefect.yaml',
    `pull:\n  - prefect.deployments.steps.set_working_directory:\n      directory: {{ clone-step.directory }}\ndeployments:\n  - name: d\n    entrypoint: flow.py:main\n`,
    /^prefect\.yaml:3: a mapping is used as a key, which PyYAML refuses \("found unhashable key"\)/,
  ],
];

describe('bad flow files', () => {
  for (const [what, file, text, expected] of CASES) {
    it(`names ${what} by file and line, in bounded time`, async () => {
      const root = project({ [file]: text });
      const started = performance.now();
      const result = await discoverFlows(root);
      const elapsed = performance.now() - started;
      expect(result.flows).toEqual([]);
      const lines = problemLines(result);
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines[0]).toMatch(expected);
      for (const line of lines) {
        expect(line).not.toMatch(/call stack|parseAllDocuments|Source contains/);
      }
      expect(elapsed).toBeLessThan(1000);
    });
  }
});
