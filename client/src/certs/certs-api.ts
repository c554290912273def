import { api, saveBlob } from '../api/http';
import type { Certificate, TrustedRoot } from '../api/types';

export const listCertificates = async (signal?: AbortSignal) => (await api<{ items: Certificate[] }>('/certs', { signal })).items;
export const enroll = (csr: string) => api<Certificate>('/certs', { method: 'POST', body: { csr } });
export const revokeCertificate = (id: string, reason: string) => api<Certificate>(`/certs/${id}/revoke`, { method: 'POST', body: { reason } });
export const getCa = (signal?: AbortSignal) => api<{ certificate: string; trustedRoots: TrustedRoot[] }>('/ca', { signal });
export const addTrustedRoot = (name: string, certificate: string) => api<TrustedRoot>('/admin/trusted-roots', { method: 'POST', body: { name, certificate } });
export const removeTrustedRoot = (id: string) => api<void>(`/admin/trusted-roots/${id}`, { method: 'DELETE' });

/** Hands bytes to the browser as a file download. */
export function saveBytes(bytes: Uint8Array<ArrayBuffer>, name: string, type: string): void {
  saveBlob(new Blob([bytes], { type }), name);
}
