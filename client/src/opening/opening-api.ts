import { api } from '../api/http';
import type { HallBid, Objection, OpeningSnapshot } from './hall-types';

/** The opening hall's HTTP routes (docs/api-contracts.md "Opening hall"); the socket carries the same commands. */
const base = (tenderId: string) => `/tenders/${encodeURIComponent(tenderId)}/opening`;

export function getOpening(tenderId: string, signal?: AbortSignal): Promise<OpeningSnapshot> {
  return api<OpeningSnapshot>(base(tenderId), { signal });
}

export function signInHttp(tenderId: string): Promise<{ signedInAt: string }> {
  return api(`${base(tenderId)}/sign-in`, { method: 'POST' });
}

export type Envelope = { bidSha256: string; recipients: { serialNumber: string; encryptedKey: string }[] };

/** The KeyTransRecipientInfos of the caller's own sealed bid, to unwrap its content key here. */
export function getEnvelope(tenderId: string): Promise<Envelope> {
  return api<Envelope>(`${base(tenderId)}/envelope`);
}

export type DecryptResult = { bid: Pick<HallBid, 'status' | 'reason' | 'items' | 'decryptedBy'> };

/** Hands the 32-byte AES content key (base64) to the server; 400 BID_DECRYPTION_FAILED means retry. */
export function decryptHttp(tenderId: string, contentKey: string): Promise<DecryptResult> {
  return api<DecryptResult>(`${base(tenderId)}/decrypt`, { method: 'POST', body: { contentKey } });
}

export function confirmHttp(tenderId: string): Promise<{ confirmedAt: string }> {
  return api(`${base(tenderId)}/confirm`, { method: 'POST' });
}

export function objectHttp(tenderId: string, text: string): Promise<{ objection: Objection }> {
  return api(`${base(tenderId)}/objections`, { method: 'POST', body: { text } });
}

export function pauseHttp(tenderId: string, reason: string): Promise<{ pausedAt: string; pauseReason: string }> {
  return api(`${base(tenderId)}/pause`, { method: 'POST', body: { reason } });
}

export function resumeHttp(tenderId: string): Promise<{ decryptionEndsAt: string | null; confirmationEndsAt: string | null }> {
  return api(`${base(tenderId)}/resume`, { method: 'POST' });
}

export function answerHttp(tenderId: string, objectionId: string, text: string): Promise<{ objection: Objection }> {
  return api(`${base(tenderId)}/objections/${encodeURIComponent(objectionId)}/answer`, { method: 'POST', body: { text } });
}
