/**
 * Answers that come back after the question changed: the Doctor keeps only a card's latest
 * check, and the image view drops what arrives for an image it no longer shows. The screens'
 * tests answer at once, so these hold the calls in flight and settle them out of order.
 */
import { expect, it } from 'vitest';
import { createDoctorStore } from '../../renderer/src/state/doctor-store';
import { createImageViewStore } from '../../renderer/src/state/image-view-store';
import type { Diagnosis } from '../../src/shared/diagnosis';
import { BerthError } from '../../src/shared/errors';
import { createFakeClient, deferred, fakeDiagnosis } from './fake-client';
import { setUpComponentDom } from './harness';

setUpComponentDom();

const IMAGE = 'registry.example:5000/team/app:1';
const nothingKept = { load: () => [], save: () => undefined };
/** Lets the answers settled so far reach the store. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function doctorWithHeldChecks() {
  const held: ReturnType<typeof deferred<Diagnosis>>[] = [];
  const fake = createFakeClient({
    'diagnose.run': () => {
      const answer = deferred<Diagnosis>();
      held.push(answer);
      return answer.promise;
    },
  });
  return { store: createDoctorStore(fake.client, nothingKept), held };
}

it('Doctor: a card shows its newest check’s answer, even when an older one comes back last', async () => {
  const { store, held } = doctorWithHeldChecks();
  const first = store.getState().checkImage(IMAGE);
  const id = store.getState().results[0]?.id ?? '';
  const again = store.getState().checkAgain(id);
  expect(held).toHaveLength(2);

  held[1]?.resolve(fakeDiagnosis({ image: IMAGE, summary: 'newest' }));
  await again;
  held[0]?.resolve(fakeDiagnosis({ image: IMAGE, summary: 'older' }));
  await first;

  const [card, ...others] = store.getState().results;
  expect(others).toEqual([]);
  expect(card?.running).toBe(false);
  expect(card?.diagnosis?.summary).toBe('newest');
});

it('Doctor: a card dismissed while checking does not come back with the answer', async () => {
  const { store, held } = doctorWithHeldChecks();
  const check = store.getState().checkImage(IMAGE);
  store.getState().dismiss(store.getState().results[0]?.id ?? '');
  held[0]?.resolve(fakeDiagnosis({ image: IMAGE }));
  await check;
  expect(store.getState().results).toEqual([]);
});

it('Doctor: a card dismissed while checking and checked anew keeps the new answer, not the first', async () => {
  const { store, held } = doctorWithHeldChecks();
  const first = store.getState().checkImage(IMAGE);
  store.getState().dismiss(store.getState().results[0]?.id ?? '');
  const second = store.getState().checkImage(IMAGE);
  expect(held).toHaveLength(2);

  held[1]?.resolve(fakeDiagnosis({ image: IMAGE, summary: 'after the dismissal' }));
  await second;
  held[0]?.resolve(fakeDiagnosis({ image: IMAGE, summary: 'before the dismissal' }));
  await first;

  const [card, ...others] = store.getState().results;
  expect(others).toEqual([]);
  expect(card?.diagnosis?.summary).toBe('after the dismissal');
});

it('image view: what comes back for an image no longer shown is dropped', async () => {
  const configs = new Map<string, ReturnType<typeof deferred<never>>>();
  const listings = new Map<string, ReturnType<typeof deferred<{ jobId: string }>>>();
  const fake = createFakeClient({
    'images.remoteInspect': ({ reference }) => {
      const answer = deferred<never>();
      configs.set(reference, answer);
      return answer.promise;
    },
    'images.files': ({ reference }) => {
      const answer = deferred<{ jobId: string }>();
      listings.set(reference, answer);
      return answer.promise;
    },
  });
  const store = createImageViewStore(fake.client);
  store.getState().open('a:1');
  store.getState().setTab('files');
  store.getState().open('b:1');

  configs.get('a:1')?.reject(new BerthError('registry.unreachable', 'a:1 is gone'));
  listings.get('a:1')?.resolve({ jobId: 'files-a' });
  await settle();
  store.getState().onFilesRows({ jobId: 'files-a', layer: 0, rows: [] });

  const view = store.getState();
  expect(view.reference).toBe('b:1');
  expect(view.remote.state).toBe('loading');
  expect(view.files.jobId).toBeUndefined();
  expect(view.files.result.state).toBe('idle');
});
