import { createHash } from 'crypto';
import { sha256 } from '../../src/base/sha256';

const direct = (text: string) => createHash('sha256').update(text).digest('hex');

describe('sha256', () => {
  test('gives the standard digest (FIPS 180-2 test vector "abc")', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  test('a remembered text gives the same digest as hashing it again, also after the memory fills and is cleared', () => {
    const texts = Array.from({ length: 1500 }, (_, i) => `config ${i % 700} ${'x'.repeat(i % 13)}`);
    for (const text of [...texts, ...texts.reverse()]) expect(sha256(text)).toBe(direct(text));
  });

  test('texts too long to remember are still hashed right, every time', () => {
    const long = 'é'.repeat(70 * 1024);
    expect(sha256(long)).toBe(direct(long));
    expect(sha256(long)).toBe(direct(long));
  });
});
