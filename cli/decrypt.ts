import { constants, createHash, privateDecrypt } from 'node:crypto';
import { decryptContentKey, findRecipient, parseAuthEnveloped } from '../server/bids/cms/auth-enveloped';
import { parseCertificate } from '../server/bids/cms/x509';
import { CliError } from './errors';
import type { Identity } from './identity';
import type { Io } from './main';
import { fetchEnvelope, handOverContentKey, type DecryptedBid, type Envelope } from './server-api';

/**
 * tenderhall decrypt (不见面开标): unwraps the bidder's own content key with its private key — from
 * the server's envelope or the bidder's copy of the sealed bid — and hands it over.
 */
export async function decryptOwnBid(
  { server, token, tender, identity, sealedBid }: { server: string; token: string; tender: string; identity: Identity; sealedBid: Buffer | null },
  io: Io,
): Promise<void> {
  const { key, sha256 } = sealedBid ? unwrapFromFile(sealedBid, identity) : unwrapFromEnvelope(await fetchEnvelope(server, token, tender), identity);
  io.out(`Content key of bid ${sha256} unwrapped with your private key; handing it to the server`);
  let bid: DecryptedBid;
  try {
    bid = await handOverContentKey(server, token, tender, key);
  } finally {
    key.fill(0);
  }
  if (bid.status !== 'valid') {
    throw new CliError(`The server decrypted the bid and recorded it INVALID: ${bid.reason ?? 'no reason given'}`, 1);
  }
  io.out(`Bid decrypted and recorded valid (decrypted by ${bid.decryptedBy}); opening items (唱标):`);
  for (const [name, value] of Object.entries(bid.items ?? {})) {
    io.out(`  ${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
}

/** The content key from the envelope the server sends: the recipient naming our certificate first, then the others. */
function unwrapFromEnvelope(envelope: Envelope, identity: Identity): { key: Buffer; sha256: string } {
  const norm = (hex: string): string => hex.toLowerCase().replace(/[^0-9a-f]/g, '').replace(/^0+/, '') || '0';
  const own = norm(parseCertificate(identity.certPem).serialHex);
  const ordered = [...envelope.recipients].sort((a, b) => Number(norm(b.serialNumber) === own) - Number(norm(a.serialNumber) === own));
  for (const r of ordered) {
    try {
      const key = privateDecrypt({ key: identity.keyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(r.encryptedKey, 'base64'));
      if (key.length === 32) {
        return { key, sha256: envelope.bidSha256 };
      }
    } catch {
      // not ours: try the next recipient
    }
  }
  throw new CliError(`Your bid is not sealed to this certificate (${identity.subject}): no wrapped content key decrypts with its private key`, 1);
}

/** The content key from the bidder's own copy of the sealed bid (works without the envelope route). */
function unwrapFromFile(der: Buffer, identity: Identity): { key: Buffer; sha256: string } {
  const recipient = findRecipient(parseAuthEnveloped(der), parseCertificate(identity.certPem));
  if (!recipient) {
    throw new CliError(`The sealed bid is not sealed to this certificate (${identity.subject})`, 1);
  }
  return { key: decryptContentKey(recipient, identity.keyPem), sha256: createHash('sha256').update(der).digest('hex') };
}

