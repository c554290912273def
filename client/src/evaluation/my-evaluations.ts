import { api, ApiError } from '../api/http';
import type { Page, Tender, TenderStatus } from '../api/types';

/** Statuses in which a tender has (or had) an evaluation committee at work. */
export const EVALUATION_STATUSES: TenderStatus[] = ['evaluating', 'evaluated'];

type Committee = { members: { userId: string }[] };

async function isMember(tenderId: string, userId: string, signal?: AbortSignal): Promise<boolean> {
  try {
    const c = await api<Committee>(`/tenders/${encodeURIComponent(tenderId)}/committee`, { signal });
    return c.members.some((m) => m.userId === userId);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) {
      return false;
    }
    throw e;
  }
}

/**
 * 我的评标: tenders under evaluation where the user sits on the committee (every one for supervisors).
 * NOTE: there is no "my committees" endpoint; this reads the public list and each committee (members see theirs).
 */
export async function listMyEvaluations(user: { id: string; role: string }, signal?: AbortSignal): Promise<Tender[]> {
  const pages = await Promise.all(EVALUATION_STATUSES.map((status) => api<Page<Tender>>('/tenders', { query: { status, pageSize: 100 }, signal })));
  const tenders = pages.flatMap((p) => p.items);
  if (user.role !== 'evaluator') {
    return tenders;
  }
  const mine = await Promise.all(tenders.map((t) => isMember(t.id, user.id, signal)));
  return tenders.filter((_, i) => mine[i]);
}
