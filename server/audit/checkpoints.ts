import { X509Certificate, createHash, createPrivateKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Db } from '../db';
import { checkpointText, type CheckpointFields } from './chain';
import { allCheckpoints, findCheckpoint, insertCheckpoint, latestCheckpoint, pageCheckpoints, type CheckpointRow, type Head } from './store';

/** The platform signing certificate and its key (server/pki platformSigner), as receipts are signed. */
export type CheckpointSigner = { certPem: string; keyPem: string };

/** A signed checkpoint as the API sends it (docs/api-contracts.md § Audit). */
export type Checkpoint = CheckpointFields & { algorithm: 'RSA-SHA256'; signature: string; signerSha256: string };

export const CHECKPOINT_ALGORITHM = 'RSA-SHA256' as const;

type LoadedSigner = { certPem: string; key: KeyObject; cert: X509Certificate; sha256: string };

/** Signs and verifies checkpoints of the chain with the platform signing key. */
export function createCheckpointSigner() {
  let signer: LoadedSigner | null = null;
  return { use, isReady: () => signer !== null, signedAt, verifySignature, signerCertificatePem: () => signer?.certPem ?? null, latest, bySize, page, all };

  /** Installs the platform signer (built after the audit service: pki itself audits). */
  function use(s: CheckpointSigner): void {
    const cert = new X509Certificate(s.certPem);
    signer = { certPem: s.certPem, key: createPrivateKey(s.keyPem), cert, sha256: createHash('sha256').update(cert.raw).digest('hex') };
  }

  /** Signs the head at `at` and stores it in the caller's transaction; no signer: no checkpoint (a bare audit service). */
  async function signedAt(trx: Db, head: Head, at: number): Promise<Checkpoint | null> {
    if (!signer || head.seq === 0) {
      return null;
    }
    const fields: CheckpointFields = { size: head.seq, headHash: head.hash, time: new Date(at).toISOString() };
    const signature = sign('sha256', Buffer.from(checkpointText(fields), 'utf8'), signer.key).toString('base64');
    await insertCheckpoint(trx, { size: head.seq, head_hash: head.hash, at, signature, signer_sha256: signer.sha256 });
    return toCheckpoint((await findCheckpoint(trx, head.seq)) as CheckpointRow);
  }

  /** Whether the signature is the platform signer's over exactly these fields. */
  function verifySignature(c: CheckpointFields & { signature: string }): boolean {
    if (!signer) {
      return false;
    }
    try {
      return verify('sha256', Buffer.from(checkpointText(c), 'utf8'), signer.cert.publicKey, Buffer.from(c.signature, 'base64'));
    } catch {
      return false;
    }
  }

  async function latest(db: Db): Promise<Checkpoint | null> {
    const row = await latestCheckpoint(db);
    return row ? toCheckpoint(row) : null;
  }

  async function bySize(db: Db, size: number): Promise<Checkpoint | null> {
    const row = await findCheckpoint(db, size);
    return row ? toCheckpoint(row) : null;
  }

  async function page(db: Db, p: number, pageSize: number): Promise<{ items: Checkpoint[]; total: number }> {
    const { rows, total } = await pageCheckpoints(db, p, pageSize);
    return { items: rows.map(toCheckpoint), total };
  }

  async function all(db: Db): Promise<Checkpoint[]> {
    return (await allCheckpoints(db)).map(toCheckpoint);
  }
}

export type CheckpointSigning = ReturnType<typeof createCheckpointSigner>;

function toCheckpoint(r: CheckpointRow): Checkpoint {
  return {
    size: Number(r.size),
    headHash: r.head_hash,
    time: new Date(Number(r.at)).toISOString(),
    algorithm: CHECKPOINT_ALGORITHM,
    signature: r.signature,
    signerSha256: r.signer_sha256,
  };
}
