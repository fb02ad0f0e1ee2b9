/**
 * X-Registry-Config as moby decodes it: base64.URLEncoding (URL-safe alphabet, padded) over
 * the JSON map, decode errors ignored (api/server/router/build/build_routes.go). A secret
 * whose standard encoding holds + or / must survive, and so must the last bytes.
 */
import { describe, expect, it } from 'vitest';
import { registryConfigHeader } from '../../../src/engine/image-build';

describe('X-Registry-Config', () => {
  it('is URL-safe base64 with its padding, and decodes to the map', () => {
    // "?>?" and "~~~" encode to "Pz4/" and "fn5+" in the standard alphabet.
    const config = {
      '127.0.0.1:5000': { username: 'alice', password: '?>?~~~x', serveraddress: '127.0.0.1:5000' },
    };
    // The standard alphabet would need + or / here: the case that loses the header.
    expect(Buffer.from(JSON.stringify(config)).toString('base64')).toMatch(/[+/]/);
    const header = registryConfigHeader(config)['X-Registry-Config'] ?? '';
    expect(header).not.toMatch(/[+/]/);
    expect(header.length % 4).toBe(0);
    const decoded = Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    expect(JSON.parse(decoded.toString())).toEqual(config);
  });

  it('is left out when the build pulls from no registry Berth holds a login for', () => {
    expect(registryConfigHeader({})).toEqual({});
    expect(registryConfigHeader(undefined)).toEqual({});
  });
});
