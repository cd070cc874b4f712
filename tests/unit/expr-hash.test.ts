import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hash, type HashAlgorithm } from '../../src/lib/forms/expr/hash';

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('hash', () => {
  // JavaRosa's DigestTest vectors ("some text") and the empty-string MD5 it also checks.
  it.each([
    ['md5', 'some text', '552e21cd4cd9918678e3c1a0df491bc3'],
    ['sha-1', 'some text', '37aa63c77398d954473262e1a0057c1e632eda77'],
    ['sha-256', 'some text', 'b94f6f125c79e3a5ffaa826f584c10d52ada669e6762051b826b55776d05aed2'],
    ['sha-384', 'some text', 'cc94ec3e9873c0b9a72486442958f671067cdf77b9427416d031440cc62041e2ee1344498447ec0ced9f7043461bd1f3'],
    ['sha-512', 'some text', 'e2732baedca3eac1407828637de1dbca702c3fc9ece16cf536ddb8d6139cd85dfe7464b8235b29826f608ccf4ac643e29b19c637858a3d8710a59111df42ddb5'],
    ['md5', '', 'd41d8cd98f00b204e9800998ecf8427e'],
    // FIPS 180 "abc" examples.
    ['sha-1', 'abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['sha-256', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ] as const)('%s of %j', (algorithm, input, expected) => {
    expect(hex(hash(algorithm, utf8(input)))).toBe(expected);
  });

  it('agrees with Node for every length around the block and padding boundaries', () => {
    const algorithms: [HashAlgorithm, string][] = [
      ['md5', 'md5'], ['sha-1', 'sha1'], ['sha-256', 'sha256'], ['sha-384', 'sha384'], ['sha-512', 'sha512'],
    ];
    for (let n = 0; n <= 260; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      for (const [ours, node] of algorithms) {
        expect(hex(hash(ours, data)), `${ours} of ${n} bytes`).toBe(createHash(node).update(data).digest('hex'));
      }
    }
  });
});
