import { describeEachDialect } from '../../support/dialects';
import { bearer, buildTender, buildUser } from '../../support/factories';
import { useTestWorld } from '../../support/test-app';
import { XSS_PAYLOADS as PAYLOADS } from '../../support/xss-payloads';

/**
 * Issue 7, point 6: XSS in announcement text. Markup in a tender's title and description is data:
 * stored and returned verbatim, as JSON with nosniff, and no server route reflects it as HTML (error
 * messages, unknown routes, the client's SPA fallback). The client's rendering is checked in
 * tests/browser/xss.test.ts.
 */

/** What the payloads carry; the client's own index.html has a script tag, but never this. */
const MARKUP = /alert\(|onerror|onload/i;

describeEachDialect('markup in announcement text', (dialect) => {
  const world = useTestWorld(dialect);

  it('stores the title and description verbatim and returns them only as JSON with nosniff', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const tender = await buildTender(w, agency, { body: PAYLOADS });
    expect(tender).toMatchObject(PAYLOADS);
    const row = (await w.ctx.db('tenders').where({ id: tender.id }).first()) as { title: string; description: string };
    expect({ title: row.title, description: row.description }).toEqual(PAYLOADS);

    for (const url of [`/api/tenders/${tender.id}`, `/api/tenders?q=${encodeURIComponent('道路改造')}`]) {
      const res = await w.http().get(url);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.text).toContain(JSON.stringify(PAYLOADS.title).slice(1, -1));
    }
    const listed = await w.http().get(`/api/tenders?q=${encodeURIComponent('道路改造')}`);
    expect(listed.body.items.map((t: { title: string }) => t.title)).toContain(PAYLOADS.title);
  });

  it('never answers markup in a request as HTML: unknown routes, validation errors, bad ids, the client fallback', async () => {
    const w = world();
    const agency = await buildUser(w, 'agency');
    const script = '<script>alert(1)</script>';
    const answers = await Promise.all([
      w.http().get(`/api/${script}`),
      w.http().get(`/api/tenders/${encodeURIComponent(script)}`),
      w.http().post('/api/tenders').set(...bearer(agency)).send({ title: script, [script]: script }),
      w.http().post('/api/auth/login').send({ username: script, password: script }),
      w.http().post('/api/receipts/verify').set('Content-Type', 'application/json').send(`{"receipt": "${script}`),
      w.http().get(`/tenders/${encodeURIComponent(script)}`),
      w.http().get(`/${script}`),
      w.http().get(`/assets/${encodeURIComponent(script)}.js`),
    ]);
    for (const res of answers) {
      const type = String(res.headers['content-type'] ?? '');
      expect(res.status).toBeLessThan(500);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      if (!type.startsWith('application/json')) {
        // Only the client's own index.html (or an escaped default page): never the request's markup.
        expect(res.text).not.toMatch(MARKUP);
      }
      if (type.startsWith('text/html') && res.status === 200) {
        expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
        expect(res.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
      }
    }
    // The API's own errors are JSON even when they quote the request.
    expect(answers[0].headers['content-type']).toMatch(/^application\/json/);
    expect(answers[0].body.error.code).toBe('NOT_FOUND');
    expect(answers[2].status).toBe(400);
    expect(answers[2].body.error.code).toBe('VALIDATION');
  });
});
