/**
 * tenderhall sign-record (issue 6 point 3): a committee member signs the evaluation report from the
 * command line with the key in its PKCS#12; only the CMS reaches the server, which embeds it after
 * the platform's signature. A member who already signed, or a PKCS#12 of someone else, is refused.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { makePkcs12 } from '../../../cli/identity';
import { createApp } from '../../../server/app';
import { enrollBidder } from '../../support/bids';
import { cli } from '../../support/cli';
import { describeEachDialect } from '../../support/dialects';
import { buildExpert, evaluatedTender, type EvaluatedTender } from '../../support/evaluation';
import { bearer, buildUser } from '../../support/factories';
import { createTestWorld, T0, type TestWorld } from '../../support/test-app';

const SPECIALTY = '水利水电工程';

describeEachDialect('tenderhall sign-record', (dialect) => {
  let w: TestWorld;
  let server: http.Server;
  let base: string;
  let t: EvaluatedTender;
  let recordId: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-cli-sign-'));

  beforeAll(async () => {
    w = await createTestWorld(dialect);
    w.clock.set(T0);
    server = http.createServer(createApp(w.ctx));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const agency = await buildUser(w, 'agency');
    const admin = await buildUser(w, 'admin');
    const pool = [];
    for (let i = 0; i < 3; i++) {
      pool.push(await buildExpert(w, admin, [SPECIALTY]));
    }
    t = await evaluatedTender(w, agency, pool, { specialty: SPECIALTY });
    for (const [i, m] of t.members.entries()) {
      const keys = await enrollBidder(w, m);
      fs.writeFileSync(path.join(dir, `member${i}.p12`), makePkcs12(keys.keyPem, keys.certPem, [w.ctx.pki.caCertificatePem], 'pw-1', m.username));
    }
    await w.ctx.records.drain();
    const items = (await w.http().get(`/api/tenders/${t.tenderId}/records`).set(...bearer(agency))).body.items as { id: string; kind: string }[];
    recordId = (items.find((r) => r.kind === 'evaluation_report') as { id: string }).id;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await w?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sign = (i: number, p12 = `member${i}.p12`, ...more: string[]) =>
    cli(dir, 'sign-record', '--server', base, '--token', t.members[i].token, '--record', recordId, '--p12', p12, '--password', 'pw-1', ...more);

  it('signs as each member in turn, refuses another member’s PKCS#12 and a second signature, and ends with every member on the PDF', async () => {
    expect(await sign(0, 'member1.p12')).toMatchObject({ code: 1, err: expect.stringMatching(/400 CERTIFICATE_INVALID/) });
    const first = await sign(0);
    expect(first).toMatchObject({ code: 0, out: expect.stringMatching(/1 of 3 members have signed\.$/) });
    expect(await sign(0)).toMatchObject({ code: 1, err: expect.stringMatching(/409 CONFLICT/) });
    expect((await sign(1)).code).toBe(0);
    expect(await sign(2)).toMatchObject({ code: 0, out: expect.stringMatching(/3 of 3 members have signed: the report is complete\./) });

    const record = await w.ctx.db('records').where({ id: recordId }).first();
    const signers = JSON.parse(record.signers as string) as { role: string; userId?: string }[];
    expect(signers.map((s) => s.userId ?? s.role)).toEqual(['platform', ...t.members.map((m) => m.id)]);
    const pdf = await w.ctx.storage.readBuffer(record.blob_key as string);
    const verified = await w.ctx.records.verify(pdf);
    expect(verified.valid).toBe(true);
    expect(verified.signatures.map((s) => s.valid)).toEqual([true, true, true, true]);
  });
});
