import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { decryptPrivateKey, encryptPrivateKey, parseKeyEncryptionKey, unwrapOpeningKey } from '../../../server/pki';
import { createFixedClock } from '../../../server/clock';

// A real key made here: no private key material is committed, not even a fake one.
const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();

describe('key wrapping', () => {
  const kek = randomBytes(32);

  it('round-trips a private key and never stores it in clear', () => {
    const blob = encryptPrivateKey(PEM, kek);
    expect(blob.toString('latin1')).not.toContain('PRIVATE KEY');
    expect(decryptPrivateKey(blob, kek)).toBe(PEM);
  });

  it('refuses a wrong key-encryption key and an altered blob', () => {
    const blob = encryptPrivateKey(PEM, kek);
    expect(() => decryptPrivateKey(blob, randomBytes(32))).toThrow(/Cannot unwrap/);
    blob[blob.length - 1] ^= 1;
    expect(() => decryptPrivateKey(blob, kek)).toThrow(/Cannot unwrap/);
  });

  it('refuses the opening key at bidDeadline − 1 ms and releases it at bidDeadline', () => {
    const blob = encryptPrivateKey(PEM, kek);
    const bidDeadline = new Date('2026-05-20T01:30:00.000Z');
    const clock = createFixedClock(bidDeadline.getTime() - 1);
    expect(() => unwrapOpeningKey(blob, kek, { bidDeadline, now: clock.now() })).toThrow(
      expect.objectContaining({ code: 'KEY_NOT_YET_USABLE' }),
    );
    clock.advance(1);
    expect(unwrapOpeningKey(blob, kek, { bidDeadline, now: clock.now() })).toBe(PEM);
  });

  it('reads KEY_ENCRYPTION_KEY as hex or base64 of 32 bytes', () => {
    expect(parseKeyEncryptionKey(kek.toString('hex')).equals(kek)).toBe(true);
    expect(parseKeyEncryptionKey(kek.toString('base64')).equals(kek)).toBe(true);
    expect(parseKeyEncryptionKey(kek.toString('base64url')).equals(kek)).toBe(true);
    expect(() => parseKeyEncryptionKey('short')).toThrow(RangeError);
  });
});
