import { createDb, type Knex } from '../../../server/db';
import { dialects, freshDatabase, type DialectName } from '../../support/dialects';
import { creditCode } from '../../support/factories';
import {
  ADMIN, api, createAccount, createBidder, killHard, publishTender, registerAndBid, serverEnv, startServer, waitFor, type Account, type Bidder, type Server,
} from '../../support/processes';

/**
 * Issue 7, point 6: kill -9 in the middle of a live evaluation (评标), then restart. Two members have
 * submitted their compliance review, the third has saved a draft. After the restart every submission
 * and the draft are still there, the session goes on from where it was, and completing it gives
 * exactly one evaluation report record request and one 'evaluation.completed' audit event, also
 * when a second kill lands right after the last signature, before the report PDF is issued.
 */

type Row = Record<string, unknown>;
type View = {
  stage: string;
  bids: { sha256: string; items: { price?: string } }[];
  complianceItems: { key: string }[];
  members: { userId: string; complianceSubmittedAt: string | null; scoresSubmittedAt: string | null; signedAt: string | null }[];
  compliance: { mine: { bid: string; item: string; pass: boolean }[] };
};

const SPECIALTY = '断电评标建筑工程';

for (const dialect of dialects()) {
  describe(`kill -9 in the middle of an evaluation session, then restart [${dialect}]`, () => {
    let database: Awaited<ReturnType<typeof freshDatabase>>;
    let db: Knex;
    let env: Record<string, string>;
    const servers: Server[] = [];

    beforeAll(async () => {
      database = await freshDatabase(dialect as DialectName);
      env = serverEnv(database);
      db = createDb(dialect === 'mysql' ? { client: 'mysql', url: database.url } : { client: 'sqlite', filename: database.url.replace(/^sqlite:/, '') });
    });

    afterAll(async () => {
      await Promise.all(servers.map(killHard));
      await db?.destroy();
      await database?.drop();
    });

    /** An evaluator account in the expert pool, signed in. */
    const expert = async (s: Server, adminToken: string, n: number): Promise<Account> => {
      const username = `expert_${process.pid}_${dialect}_${n}`;
      const organization = { name: `断电评标专家单位${n}`, creditCode: creditCode() };
      const { user } = await api<{ user: { id: string } }>(s, 'POST', '/admin/users', { username, password: 'Passw0rd!', displayName: `专家${n}`, role: 'evaluator', organization }, adminToken);
      await api(s, 'PUT', `/admin/experts/${user.id}`, { specialties: [SPECIALTY], available: true }, adminToken);
      const { token } = await api<{ token: string }>(s, 'POST', '/auth/login', { username, password: 'Passw0rd!' });
      return { id: user.id, username, token, organizationName: organization.name };
    };

    it('keeps every submission and draft, resumes the session, and completes it once with one report request and one completed event', async () => {
      let server = await startServer(`${dialect} server`, env);
      servers.push(server);
      const adminToken = (await api<{ token: string }>(server, 'POST', '/auth/login', ADMIN)).token;
      const agency = await createAccount(server, adminToken, 'agency', '断电评标代理');
      const pool: Account[] = [];
      for (let i = 1; i <= 3; i++) {
        pool.push(await expert(server, adminToken, i));
      }
      const bidders: Bidder[] = [];
      for (let i = 1; i <= 3; i++) {
        bidders.push(await createBidder(server, adminToken, `断电评标投标${i}号建设`));
      }
      const tender = await publishTender(server, agency.token, { inMs: 22_000, title: '断电评标测试' });
      for (const [i, b] of bidders.entries()) {
        await registerAndBid(server, tender.id, b, `${8_000_000 + i * 100_000}.00`);
      }
      await waitFor('the opening record', async () => (await api<{ stage: string }>(server, 'GET', `/tenders/${tender.id}/opening`)).stage === 'confirmation', {
        timeoutMs: tender.deadline + 30_000 - Date.now(), everyMs: 250, servers,
      });
      for (const b of bidders) {
        await api(server, 'POST', `/tenders/${tender.id}/opening/confirm`, undefined, b.token);
      }

      const path = `/tenders/${tender.id}/evaluation`;
      const drawn = await api<{ members: { userId: string }[] }>(server, 'POST', `/tenders/${tender.id}/committee`, { size: 3, specialties: [SPECIALTY], reserves: 0 }, agency.token);
      const members = drawn.members.map((m) => pool.find((p) => p.id === m.userId) as Account);
      expect(members.every(Boolean)).toBe(true);
      for (const m of members.slice(0, 2)) {
        await api(server, 'POST', `${path}/chair`, { userId: members[0].id }, m.token);
      }
      const view = (who: Account): Promise<View> => api<View>(server, 'GET', path, undefined, who.token);
      const first = await view(members[0]);
      const bids = [...first.bids].sort((a, b) => Number(a.items.price) - Number(b.items.price)).map((b) => b.sha256);
      const compliance = { entries: bids.flatMap((bid) => first.complianceItems.map((i) => ({ bid, item: i.key, pass: true }))) };
      for (const m of members.slice(0, 2)) {
        await api(server, 'PUT', `${path}/compliance`, compliance, m.token);
        await api(server, 'POST', `${path}/compliance/submit`, undefined, m.token);
      }
      await api(server, 'PUT', `${path}/compliance`, compliance, members[2].token); // a draft, not submitted
      const before = await view(members[2]);
      const submissionsBefore: Row[] = await db('evaluation_submissions').where({ tender_id: tender.id }).orderBy(['member_id', 'kind']);

      await killHard(server);
      server = await startServer(`${dialect} server (restarted)`, env);
      servers.push(server);

      // Everything accepted before the kill is still there; the session is where it was.
      const after = await view(members[2]);
      expect(after.stage).toBe(before.stage);
      expect(after.members).toEqual(before.members);
      expect(after.members.filter((m) => m.complianceSubmittedAt !== null)).toHaveLength(2);
      expect(after.compliance.mine).toEqual(before.compliance.mine);
      expect(after.compliance.mine).toHaveLength(compliance.entries.length);
      expect(await db('evaluation_submissions').where({ tender_id: tender.id }).orderBy(['member_id', 'kind'])).toEqual(submissionsBefore);

      // The session goes on: the third member submits, everyone scores, the chair finalizes, all sign.
      await api(server, 'POST', `${path}/compliance/submit`, undefined, members[2].token);
      for (const m of members) {
        const entries = bids.flatMap((bid, i) => [{ bid, criterion: 'technical', score: String(50 - 2 * i) }]);
        await api(server, 'PUT', `${path}/scores`, { entries }, m.token);
        await api(server, 'POST', `${path}/scores/submit`, undefined, m.token);
      }
      await api(server, 'POST', `${path}/finalize`, undefined, members[0].token);
      for (const m of members) {
        await api(server, 'POST', `${path}/sign`, { agree: true }, m.token);
      }
      // A second kill right after the last signature, before the report PDF is (surely) issued.
      await killHard(server);
      // NOTE: a report the dead process was rendering is taken up again after the records worker's
      // stale-claim time (STALE_CLAIM_MS, 30 s); a pending one at once.
      const atKill = ((await db('records').where({ tender_id: tender.id, kind: 'evaluation_report' }).first()) as Row | undefined)?.status;
      server = await startServer(`${dialect} server (restarted again)`, env);
      servers.push(server);

      expect((await view(members[0])).stage).toBe('done');
      expect(((await db('tenders').where({ id: tender.id }).first()) as Row).status).toBe('evaluated');
      const issued = await waitFor('the evaluation report issued', async () => {
        const rows: Row[] = await db('records').where({ tender_id: tender.id, kind: 'evaluation_report' });
        return rows.length === 1 && rows[0].status === 'issued' ? rows : undefined;
      }, { timeoutMs: atKill === 'rendering' ? 90_000 : 60_000, everyMs: 250, servers });
      expect(issued).toHaveLength(1);
      const actions = ((await db('audit_events').where({ tender_id: tender.id }).select('action')) as Row[]).map((r) => r.action);
      const times = (action: string): number => actions.filter((a) => a === action).length;
      expect(times('evaluation.completed')).toBe(1);
      expect(times('evaluation.compliance-submitted')).toBe(3);
      expect(times('evaluation.compliance-decided')).toBe(1);
      expect(times('evaluation.scores-submitted')).toBe(3);
      expect(times('evaluation.report-signed')).toBe(3);
      const listed = await api<{ items: { kind: string }[] }>(server, 'GET', `/tenders/${tender.id}/records`, undefined, members[0].token);
      expect(listed.items.filter((r) => r.kind === 'evaluation_report')).toHaveLength(1);
      expect(await api(server, 'GET', '/audit/verify', undefined, adminToken)).toMatchObject({ valid: true });
    }, 300_000);
  });
}
