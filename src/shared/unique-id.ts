/**
 * Ids for jobs and ledger entries: shaped as a version 4 UUID, from Math.random, which V8 seeds
 * per process from the OS's random source. Unique enough for ids that several processes append
 * to one ledger with, and no secret (browser mode guards every call with its own token). Not
 * node:crypto's randomUUID: loading node:crypto takes about 10 ms, which a `berth pull` would
 * spend either before the engine is asked or while it downloads (issue 11).
 */
export function uniqueId(): string {
  const hex = (digits: number) => {
    let out = '';
    while (out.length < digits) out += Math.random().toString(16).slice(2, 10).padStart(8, '0');
    return out.slice(0, digits);
  };
  // The version nibble is 4; the variant's top bits are 10 (8, 9, a or b).
  const variant = '89ab'[Math.floor(Math.random() * 4)] ?? '8';
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}
