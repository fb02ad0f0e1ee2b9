import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src/host/event-bus';
import { Projects } from '../../../src/host/projects';
import { RecentProjects } from '../../../src/host/projects-file';
import type { DiscoveryResult } from '../../../src/shared/flows';
import { tempDirs } from '../../harness/failures';

const tempDir = tempDirs();

const flowFile = (name: string) =>
  `flows:\n  - name: ${name}\n    image: python:3.12\n    command: [python3, main.py]\n`;

function nextChange(bus: EventBus): Promise<DiscoveryResult> {
  return new Promise((resolve) => {
    const off = bus.subscribe((name, payload) => {
      if (name !== 'flows.changed') return;
      off();
      resolve(payload as DiscoveryResult);
    });
  });
}

describe('an opened project folder', () => {
  it('pushes flows.changed with the new flows after an edit, also in a folder made later', async () => {
    const dir = tempDir('berth-watch-');
    writeFileSync(join(dir, 'berth.yaml'), flowFile('first'));
    const bus = new EventBus();
    const projects = new Projects(
      new RecentProjects(tempDir('berth-data-')),
      bus,
      {},
      undefined,
      50,
    );
    try {
      expect((await projects.open(dir)).flows.map((f) => f.name)).toEqual(['first']);
      let changed = nextChange(bus);
      writeFileSync(join(dir, 'berth.yaml'), flowFile('renamed'));
      expect((await changed).flows.map((f) => f.name)).toEqual(['renamed']);

      changed = nextChange(bus);
      mkdirSync(join(dir, 'team'));
      writeFileSync(join(dir, 'team', 'berth.yaml'), flowFile('nested'));
      const discovery = await changed;
      // The new folder may show up empty first; its flow follows once its file is seen.
      const names = discovery.flows.map((f) => f.name);
      if (!names.includes('nested')) {
        changed = nextChange(bus);
        writeFileSync(join(dir, 'team', 'berth.yaml'), flowFile('nested'));
        expect((await changed).flows.map((f) => f.name).sort()).toEqual(['nested', 'renamed']);
      } else {
        expect(names.sort()).toEqual(['nested', 'renamed']);
      }
    } finally {
      projects.close();
    }
  });

  it('has no folder picker outside the app, and says to type the path', async () => {
    const projects = new Projects(new RecentProjects(tempDir('berth-data-')), new EventBus(), {});
    await expect(projects.choose()).rejects.toMatchObject({
      code: 'projects.not_supported',
      hint: expect.stringMatching(/type the path/i) as unknown,
    });
  });
});
