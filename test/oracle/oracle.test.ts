/**
 * The oracle suite: the configurations of cases.ts, each asked of docker, podman and skopeo
 * and compared with `berth creds explain`, `berth pull` and `berth tags` (run-oracle.ts).
 */
import { CASES } from './cases';
import { oracleSuite } from './run-oracle';

oracleSuite('suite: the real tools decide which credential is sent', CASES);
