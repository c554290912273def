import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export type ChainFields = {
  seq: number;
  at: number;
  actorId: string | null;
  actorRole: string | null;
  tenderId: string | null;
  action: string;
  visibility: string;
  payloadHash: string;
};

/** SHA-256 hex of text. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The link hash: SHA-256 over the previous hash and every chained field, in a fixed order. */
export function linkHash(prevHash: string, f: ChainFields): string {
  const line = [prevHash, f.seq, f.at, f.actorId ?? '', f.actorRole ?? '', f.tenderId ?? '', f.action, f.visibility, f.payloadHash].join('|');
  return sha256Hex(line);
}

/** What a checkpoint states: the chain's size, the hash of its last event, and when the platform signed it. */
export type CheckpointFields = { size: number; headHash: string; time: string };

/** The exact bytes the platform signs for a checkpoint: JSON.stringify of {size, headHash, time}, in that order. */
export function checkpointText(c: CheckpointFields): string {
  return JSON.stringify({ size: c.size, headHash: c.headHash, time: c.time });
}
