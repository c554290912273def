import { api } from '../api/http';

/** Expert pool and committee drawing (docs/api-contracts.md "Evaluation and award"). */
export type Expert = {
  userId: string;
  displayName: string;
  organization: { name: string; creditCode: string } | null;
  specialties: string[];
  available: boolean;
  updatedAt: string | null;
};

export type ExpertInput = { specialties: string[]; available: boolean };

export type Seat = { userId: string; displayName: string; organizationName: string | null; specialties: string[]; seat: number };

/** The committee; seed and reserves only for the owner agency, supervisors and admins. */
export type Committee = {
  tenderId: string;
  size: number;
  specialties: string[];
  drawnAt: string;
  members: (Seat & { chair: boolean })[];
  seed?: string;
  reserves?: Seat[];
};

export type DrawCommitteeInput = { size: number; specialties: string[]; reserves?: number };

const committeePath = (tenderId: string) => `/tenders/${encodeURIComponent(tenderId)}/committee`;

export function listExperts(signal?: AbortSignal): Promise<{ items: Expert[] }> {
  return api('/admin/experts', { signal });
}

export function putExpert(userId: string, body: ExpertInput): Promise<Expert> {
  return api(`/admin/experts/${encodeURIComponent(userId)}`, { method: 'PUT', body });
}

export function getCommittee(tenderId: string, signal?: AbortSignal): Promise<Committee> {
  return api(committeePath(tenderId), { signal });
}

export function drawCommittee(tenderId: string, body: DrawCommitteeInput): Promise<Committee> {
  return api(committeePath(tenderId), { method: 'POST', body });
}
