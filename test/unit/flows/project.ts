/** Throwaway project folders for the flow tests, and a finder for one flow by name. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { DiscoveryResult, FlowDefinition } from '../../../src/shared/flows';
import { formatProblem } from '../../../src/shared/flows';
import { tempDirs } from '../../harness/failures';

export const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');

/** Call at the top of a test file: files are written under a fresh temp dir per call. */
export function projects(): (files: Record<string, string>) => string {
  const tempDir = tempDirs();
  return (files) => {
    const root = tempDir('berth-flows-');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  };
}

export function flowNamed(result: DiscoveryResult, name: string): FlowDefinition {
  const flow = result.flows.find((f) => f.name === name);
  expect(flow, `no flow ${name} in ${result.flows.map((f) => f.name).join(', ')}`).toBeDefined();
  return flow as FlowDefinition;
}

/** Problems as "file:line: message", the way the CLI prints them. */
export function problemLines(result: DiscoveryResult): string[] {
  return result.problems.map(formatProblem);
}

/** A flow that takes no parameters. */
export const HELLO_PY = `from prefect import flow

@flow
def main(name: str = "world"):
    print(name)
`;
