import { api, ApiError, getToken } from '../api/http';
import type { MyBid, SignedReceipt } from '../api/types';

export async function getMyBid(tenderId: string, signal?: AbortSignal): Promise<MyBid | null> {
  return (await api<{ bid: MyBid | null }>(`/tenders/${tenderId}/bid`, { signal })).bid;
}

export const withdrawBid = (tenderId: string) => api<{ bid: MyBid }>(`/tenders/${tenderId}/bid`, { method: 'DELETE' });

/** The tender's opening certificate (PEM text, not JSON). */
export async function getOpeningCertificate(tenderId: string): Promise<string> {
  const headers: Record<string, string> = {};
  const token = getToken();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  let res: Response;
  try {
    res = await fetch(`/api/tenders/${tenderId}/opening-certificate`, { headers });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  if (!res.ok) {
    throw await errorOf(res.status, () => res.json());
  }
  return res.text();
}

async function errorOf(status: number, body: () => Promise<unknown>): Promise<ApiError> {
  let e: { code?: string; message?: string; fields?: ApiError['fields'] } | undefined;
  try {
    e = ((await body()) as { error?: typeof e }).error;
  } catch {
    e = undefined;
  }
  return new ApiError(status, e?.code ?? (status >= 500 ? 'INTERNAL' : 'HTTP_ERROR'), e?.message ?? `HTTP ${status}`, e?.fields ?? []);
}

/**
 * PUTs the sealed bid with XMLHttpRequest, whose upload.onprogress fetch() does not offer;
 * resolves with the signed receipt (201).
 */
export function uploadSealedBid(tenderId: string, sealed: Uint8Array<ArrayBuffer>, onProgress: (sent: number, total: number) => void): Promise<SignedReceipt> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', `/api/tenders/${tenderId}/bid`);
    xhr.setRequestHeader('Content-Type', 'application/pkcs7-mime');
    xhr.setRequestHeader('Accept', 'application/json');
    const token = getToken();
    if (token) {
      xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    }
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : sealed.length);
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'network error during upload'));
    xhr.onabort = () => reject(new ApiError(0, 'NETWORK', 'upload aborted'));
    xhr.onload = () => {
      if (xhr.status === 201 || xhr.status === 200) {
        try {
          resolve(JSON.parse(xhr.responseText) as SignedReceipt);
        } catch {
          reject(new ApiError(xhr.status, 'HTTP_ERROR', 'unreadable receipt'));
        }
        return;
      }
      void errorOf(xhr.status, async () => JSON.parse(xhr.responseText)).then(reject);
    };
    xhr.send(new Blob([sealed], { type: 'application/pkcs7-mime' }));
  });
}
