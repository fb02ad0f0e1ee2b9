/** The held-out configurations (heldout.ts), through the same runner as the suite. */
import { HELD_OUT } from './heldout';
import { oracleSuite } from './run-oracle';

oracleSuite('held-out: configurations written after the rules', HELD_OUT);
