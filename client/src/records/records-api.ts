/** The records API: a tender's signed PDF records, their download and the public verification. */
import type { VerifyReason } from '../../../server/records/verify-reasons';
import { api, ApiError, downloadFile, getToken } from '../api/http';
import type { RecordKind } from '../../../server/records/model';

export type RecordSigner = { name: string; role: 'platform' | 'member'; userId?: string | null; signedAt: string };

/** One item of GET /api/tenders/:id/records (server/records/routes.ts presentRecord). */
export type TenderRecord = {
  id: string;
  kind: RecordKind;
  title: string;
  sha256: string;
  size: number;
  createdAt: string;
  issuedAt: string | null;
  signers: RecordSigner[];
};

/** The record a verified PDF belongs to, when the platform issued it. */
export type MatchedRecord = { id: string; kind: RecordKind; tenderId: string; title: string };

/** One signature of a verified PDF (server/records/verify.ts SignatureReport, as JSON). */
export type SignatureReport = {
  index: number;
  byteRange: [number, number, number, number];
  signer: string | null;
  signerSubject: string | null;
  signerCertificatePem: string | null;
  signingTime: string | null;
  name: string | null;
  reason: string | null;
  coversWholeDocument: boolean;
  revisionLength: number;
  revisionSha256: string;
  digestValid: boolean;
  signatureValid: boolean;
  chainValid: boolean;
  valid: boolean;
  problems: string[];
};

/**
 * POST /api/records/verify's answer (server/records/verify.ts RecordVerification plus the matched record).
 * NOTE: declared here, not imported: verify.ts pulls node:crypto and the server's pki into the client's typecheck.
 */
export type VerifyResult = {
  valid: boolean;
  sha256: string;
  size: number;
  signatures: SignatureReport[];
  modifiedAfterLastSignature: boolean;
  /** why the PDF is not a genuine record, as codes (empty when valid) */
  reasons: VerifyReason[];
  problems: string[];
  /** the issued record the PDF is, when it verifies */
  record: MatchedRecord | null;
};

/** The records of a tender this viewer may read (the server filters). */
export async function listRecords(tenderId: string, signal?: AbortSignal): Promise<TenderRecord[]> {
  return (await api<{ items: TenderRecord[] }>(`/tenders/${tenderId}/records`, { signal })).items;
}

/** Saves a record's signed PDF through the API with the session's token. */
export function downloadRecord(r: Pick<TenderRecord, 'id' | 'kind'>): Promise<void> {
  return downloadFile(`/records/${r.id}/pdf`, `${r.kind}-${r.id}.pdf`);
}

/** Sends the PDF's bytes, as read in the browser, to the platform for verification. */
export async function verifyPdf(bytes: ArrayBuffer, signal?: AbortSignal): Promise<VerifyResult> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/pdf' };
  const token = getToken();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  let res: Response;
  try {
    // NOTE: api() sends JSON or FormData only; this body is the raw PDF.
    res = await fetch('/api/records/verify', { method: 'POST', headers, body: bytes, signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  if (!res.ok) {
    const parsed = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; fields?: { path: string; message: string }[] } } | null;
    const e = parsed?.error;
    throw new ApiError(res.status, e?.code ?? (res.status >= 500 ? 'INTERNAL' : 'HTTP_ERROR'), e?.message ?? res.statusText, e?.fields ?? []);
  }
  return (await res.json()) as VerifyResult;
}

/** GET /api/records/:id/signatures (server/records/signing.ts SigningStatus). */
export type ReportSignatures = { recordId: string; signers: { userId: string; name: string; signedAt: string | null }[]; complete: boolean; canSign: boolean };
/** POST /api/records/:id/signatures/prepare (server/records/signing.ts Preparation). */
export type SignaturePreparation = { preparationId: string; digest: string; signedAttributes: string; signingTime: string; expiresAt: string; byteRange: number[] };

export function reportSignatures(recordId: string, signal?: AbortSignal): Promise<ReportSignatures> {
  return api<ReportSignatures>(`/records/${recordId}/signatures`, { signal });
}

export function prepareReportSignature(recordId: string): Promise<SignaturePreparation> {
  return api<SignaturePreparation>(`/records/${recordId}/signatures/prepare`, { method: 'POST' });
}

/** The member's detached CMS (base64 DER) over its preparation; the record with its signers comes back. */
export function embedReportSignature(recordId: string, preparationId: string, cms: string): Promise<TenderRecord> {
  return api<TenderRecord>(`/records/${recordId}/signatures`, { method: 'POST', body: { preparationId, cms } });
}
