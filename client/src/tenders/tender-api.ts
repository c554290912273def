import { api, ApiError } from '../api/http';
import type { Clarification, Question, Registration, Tender, TenderDocument } from '../api/types';

export const getTender = (id: string, signal?: AbortSignal) => api<Tender>(`/tenders/${id}`, { signal });

/** Documents the caller may see; null when the tender's rules hide them from this caller. */
export async function listDocuments(id: string, signal?: AbortSignal): Promise<TenderDocument[] | null> {
  try {
    return (await api<{ items: TenderDocument[] }>(`/tenders/${id}/documents`, { signal })).items;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 401)) {
      return null;
    }
    throw e;
  }
}

export async function listClarifications(id: string, signal?: AbortSignal): Promise<Clarification[]> {
  return (await api<{ items: Clarification[] }>(`/tenders/${id}/clarifications`, { signal })).items;
}

export async function listQuestions(id: string, signal?: AbortSignal): Promise<Question[]> {
  return (await api<{ items: Question[] }>(`/tenders/${id}/questions`, { signal })).items;
}

export async function getRegistration(id: string, signal?: AbortSignal): Promise<Registration | null> {
  return (await api<{ registration: Registration | null }>(`/tenders/${id}/registration`, { signal })).registration;
}
