import { withCheckChar, type Role } from '../../server/auth';
import type { TestWorld } from './test-app';

let seq = 0;

/** A unique, valid 统一社会信用代码. */
export function creditCode(): string {
  seq += 1;
  const body = `91320400MA${String(process.pid % 1000).padStart(3, '0')}${String(seq).padStart(4, '0')}`;
  return withCheckChar(body.slice(0, 17));
}

export type TestUser = { id: string; username: string; token: string; role: Role; organizationId: string | null; organizationName: string | null };

/** Creates an account of the role and signs it in. */
export async function buildUser(w: TestWorld, role: Role, name?: string): Promise<TestUser> {
  seq += 1;
  const username = `${name ?? role}${seq}_${process.pid}`;
  const orgName = `${role === 'agency' ? '测试招标代理' : '测试建设'}${seq}有限公司`;
  const needsOrg = role === 'agency' || role === 'bidder' || role === 'evaluator';
  const user = await w.ctx.auth.ensureUser(
    { username, password: 'Passw0rd!', displayName: `${role} ${seq}`, role, ...(needsOrg ? { organization: { name: orgName, creditCode: creditCode() } } : {}) },
    null,
  );
  const { token } = await w.ctx.auth.login(username, 'Passw0rd!');
  return { id: user.id, username, token, role, organizationId: user.organizationId, organizationName: user.organizationName };
}

/** A tender body valid for publication at the world's clock under sandbox rules. */
export function tenderBody(w: TestWorld, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  const now = w.clock.now().getTime();
  return {
    title: `金坛区某道路改造工程施工 ${seq}`,
    code: `JT-2026-${process.pid}-${seq}`,
    projectCode: 'JT-2026',
    category: 'construction',
    procurementMethod: 'open',
    budget: '12500000.00',
    registrationDeadline: new Date(now + 10_000).toISOString(),
    bidDeadline: new Date(now + 30_000).toISOString(),
    openingMode: 'platform',
    decryptionWindowMinutes: 30,
    evaluationMethod: 'comprehensive',
    criteria: [
      { key: 'price', name: '价格', kind: 'price', weight: '40' },
      { key: 'technical', name: '技术方案', kind: 'subjective', weight: '45' },
      { key: 'commercial', name: '商务', kind: 'subjective', weight: '15' },
    ],
    openingItems: ['price', 'durationDays', 'quality'],
    ...overrides,
  };
}

/** Creates (and by default publishes) a tender as the agency; returns its API JSON. */
export async function buildTender(
  w: TestWorld,
  agency: TestUser,
  opts: { publish?: boolean; body?: Record<string, unknown> } = {},
): Promise<Record<string, unknown> & { id: string }> {
  const created = await w.http().post('/api/tenders').set('Authorization', `Bearer ${agency.token}`).send(tenderBody(w, opts.body));
  if (created.status !== 201) {
    throw new Error(`create tender: ${created.status} ${JSON.stringify(created.body)}`);
  }
  if (opts.publish === false) {
    return created.body;
  }
  const published = await w.http().post(`/api/tenders/${created.body.id}/publish`).set('Authorization', `Bearer ${agency.token}`);
  if (published.status !== 200) {
    throw new Error(`publish tender: ${published.status} ${JSON.stringify(published.body)}`);
  }
  return published.body;
}

export const bearer = (u: TestUser): [string, string] => ['Authorization', `Bearer ${u.token}`];

/** Registers the bidder for the tender (获取招标文件) through the API; fails loudly otherwise. */
export async function registerBidder(w: TestWorld, bidder: TestUser, tenderId: string): Promise<void> {
  const res = await w.http().post(`/api/tenders/${tenderId}/registrations`).set(...bearer(bidder));
  if (res.status !== 201) {
    throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
