import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression, type EvalContext } from '../../src/lib/forms/expr';
import { verify } from '../../src/lib/forms/expr/ed25519';

const fromHex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('Ed25519 verification', () => {
  // RFC 8032, section 7.1, tests 1 and 2.
  const TESTS = [
    {
      key: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      message: '',
      signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    },
    {
      key: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      message: '72',
      signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    },
  ];

  it.each(TESTS)('accepts RFC 8032 signature %#', ({ key, message, signature }) => {
    expect(verify(fromHex(key), fromHex(signature), fromHex(message))).toBe(true);
  });

  it('refuses a changed message, a changed signature and another key', () => {
    const { key, signature } = TESTS[1];
    expect(verify(fromHex(key), fromHex(signature), fromHex('73'))).toBe(false);
    const bad = fromHex(signature);
    bad[10] ^= 1;
    expect(verify(fromHex(key), bad, fromHex('72'))).toBe(false);
    expect(verify(fromHex(TESTS[0].key), fromHex(signature), fromHex('72'))).toBe(false);
    expect(verify(fromHex(key).subarray(1), fromHex(signature), fromHex('72'))).toBe(false);
  });
});

describe('extract-signed()', () => {
  /** As JavaRosa's ExtractSignedTest: base64 of signature + message, and of the raw public key. */
  function signed(message: string) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const signature = sign(null, utf8(message), privateKey);
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    return {
      contents: Buffer.concat([signature, utf8(message)]).toString('base64'),
      key: raw.toString('base64'),
    };
  }

  const run = (contents: string, key: string) => {
    const ctx: EvalContext = {
      value: (name) => ({ contents, key })[name] ?? '',
      current: () => '',
      position: () => 0,
      choiceLabel: () => '',
      now: () => new Date(),
    };
    return evaluate(parseExpression('extract-signed(${contents}, ${key})'), ctx);
  };

  it('gives the message when the signature is valid, Unicode included', () => {
    const a = signed('real genuine data');
    expect(run(a.contents, a.key)).toBe('real genuine data');
    const b = signed('🎃');
    expect(run(b.contents, b.key)).toBe('🎃');
  });

  it("gives '' for another key, contents too short, a bad key, or an empty message", () => {
    const a = signed('real genuine data');
    const other = signed('x');
    expect(run(a.contents, other.key)).toBe('');
    expect(run('blah', a.key)).toBe('');
    expect(run(a.contents, btoa('blah'))).toBe('');
    expect(run(a.contents, btoa(crypto.randomUUID()))).toBe('');
    const empty = signed('');
    expect(run(empty.contents, empty.key)).toBe('');
  });
});
