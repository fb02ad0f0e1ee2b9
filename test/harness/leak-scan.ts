/** For the leak canary: every file under a folder whose bytes contain a secret. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (readFileSync(path).includes(needle)) hits.push(path);
  }
  return hits;
}
