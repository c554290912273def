import type { Db } from '../db';
import { GENESIS_HASH, linkHash, sha256Hex } from './chain';
import type { Checkpoint, CheckpointSigning } from './checkpoints';
import * as store from './store';
import type { EventRow } from './store';

/** A checkpoint someone outside holds (e.g. from a receipt): the signed fields and the signature. */
export type CheckpointClaim = { size: number; headHash: string; time: string; signature: string };

export type VerifyResult =
  | { valid: true; size: number; headHash: string; checkpointsChecked: number; latestCheckpoint: Checkpoint | null }
  | { valid: false; size: number; brokenLink: number | null; reason: string; checkpointsChecked: number };

const PAGE = 1000;

/**
 * Recomputes the chain from its first event and checks it against every signed checkpoint (the
 * stored ones and the caller's): the chain's hash at a checkpoint's size must be the checkpoint's
 * head, so an event rewritten with the hashes recomputed forward is caught at the first checkpoint
 * after it. The database's own head is not trusted. Sealed events still waiting for their tender's
 * opening are checked along their tender's own links.
 */
export async function verifyChain(db: Db, signing: CheckpointSigning, claim?: CheckpointClaim): Promise<VerifyResult> {
  const fail = (size: number, brokenLink: number | null, reason: string, checkpointsChecked = 0): VerifyResult => ({ valid: false, size, brokenLink, reason, checkpointsChecked });
  if (claim && !signing.verifySignature(claim)) {
    return fail(0, null, 'the checkpoint given is not signed by the platform signing certificate');
  }
  const stored = await signing.all(db);
  const bad = stored.find((c) => !signing.verifySignature(c));
  if (bad) {
    return fail(0, null, `the stored checkpoint at size ${bad.size} is not signed by the platform signing certificate`);
  }
  const anchors = new Map<number, { headHash: string; name: string }[]>();
  const anchor = (size: number, headHash: string, name: string) => anchors.set(size, [...(anchors.get(size) ?? []), { headHash, name }]);
  stored.forEach((c) => anchor(c.size, c.headHash, `the signed checkpoint of ${c.time}`));
  if (claim) {
    anchor(claim.size, claim.headHash, `the checkpoint given (${claim.time})`);
  }
  let prev = GENESIS_HASH;
  let size = 0;
  let anchoredUpTo = 0;
  let checked = 0;
  for (;;) {
    const rows = await store.chainPage(db, size + 1, PAGE);
    for (const row of rows) {
      const broken = findBreak(row, prev, size + 1, Number(row.chain_seq));
      if (broken) {
        return fail(size, size + 1, broken, checked);
      }
      prev = row.hash;
      size += 1;
      for (const a of anchors.get(size) ?? []) {
        if (a.headHash !== prev) {
          return fail(size, anchoredUpTo + 1, `the chain's hash at size ${size} is not the head of ${a.name}: events ${anchoredUpTo + 1}–${size} were rewritten`, checked);
        }
        checked += 1;
        anchoredUpTo = size;
      }
    }
    if (rows.length < PAGE) {
      break;
    }
  }
  const beyond = [...anchors.keys()].filter((n) => n > size).sort((a, b) => a - b)[0];
  if (beyond !== undefined) {
    return fail(size, size + 1, `the chain ends at ${size} events but a signed checkpoint covers ${beyond}: events were cut off`, checked);
  }
  const head = await store.readHead(db);
  if (head.seq !== size || head.hash !== prev) {
    return fail(size, size + 1, 'events after this point are missing (head does not match)', checked);
  }
  const waiting = await verifyWaiting(db);
  if (waiting) {
    return fail(size, null, waiting, checked);
  }
  return { valid: true, size, headHash: prev, checkpointsChecked: checked, latestCheckpoint: stored.length ? (stored[stored.length - 1] as Checkpoint) : null };
}

/** The links of sealed events waiting outside the chain, per tender (a tender's first links to the genesis hash). */
async function verifyWaiting(db: Db): Promise<string | null> {
  const last = new Map<string, string>();
  for (const row of await store.listAllWaiting(db)) {
    const tenderId = row.tender_id ?? '';
    const prev = last.get(tenderId) ?? GENESIS_HASH;
    if (findBreak(row, prev, Number(row.seq), Number(row.seq))) {
      return `a sealed event of tender ${tenderId} waiting for its opening does not match its links`;
    }
    last.set(tenderId, row.hash);
  }
  return null;
}

function findBreak(row: EventRow, prev: string, expectedSeq: number, seq: number): string | null {
  if (seq !== expectedSeq) {
    return `sequence gap: expected ${expectedSeq}, found ${seq}`;
  }
  if (row.prev_hash !== prev) {
    return 'previous hash does not match the preceding event';
  }
  if (sha256Hex(row.payload) !== row.payload_hash) {
    return 'payload does not match its hash';
  }
  const e = store.toEvent(row);
  const recomputed = linkHash(prev, { ...e, seq, at: Number(row.at) });
  return recomputed === row.hash ? null : 'event fields do not match its hash';
}
