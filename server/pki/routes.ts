import forge from 'node-forge';
import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../http/auth';
import { parse } from '../http/validate';
import { TenderParams, type TenderService } from '../tenders';
import { presentCertificate, presentRoot } from './present';
import { CertificateParams, EnrollBody, ImportBody, RevokeBody, RootParams, TrustedRootBody } from './schema';
import type { PkiService } from './service';

/** /ca, /certs (enroll, import another CA's, list, revoke), /admin/trusted-roots, /tenders/:id/opening-certificate. */
export function pkiRouter({ pki, tenders }: { pki: PkiService; tenders: TenderService }): Router {
  const r = Router();
  const ca = { pem: pki.caCertificatePem, cert: forge.pki.certificateFromPem(pki.caCertificatePem) };
  const present = (c: Parameters<typeof presentCertificate>[0]) => presentCertificate(c, ca);

  r.get('/ca', async (_req, res) => {
    res.json({ certificate: pki.caCertificatePem, trustedRoots: (await pki.trustedRoots()).map(presentRoot) });
  });

  r.post('/certs', requireAuth, async (req, res) => {
    const { csr } = parse(EnrollBody, req.body);
    res.status(201).json(present(await pki.enroll(actorOf(req), csr)));
  });

  r.post('/certs/import', requireRole('bidder'), async (req, res) => {
    const { certificate } = parse(ImportBody, req.body);
    res.status(201).json(present(await pki.importCertificate(actorOf(req), certificate)));
  });

  r.get('/certs', requireAuth, async (req, res) => {
    res.json({ items: (await pki.listCertificates(actorOf(req).id)).map(present) });
  });

  r.post('/certs/:certificateId/revoke', requireAuth, async (req, res) => {
    const { certificateId } = parse(CertificateParams, req.params);
    const { reason } = parse(RevokeBody, req.body);
    res.json(present(await pki.revoke(actorOf(req), certificateId, reason)));
  });

  r.post('/admin/trusted-roots', requireRole('admin'), async (req, res) => {
    const { name, certificate } = parse(TrustedRootBody, req.body);
    res.status(201).json(presentRoot(await pki.addTrustedRoot(actorOf(req), name, certificate)));
  });

  r.delete('/admin/trusted-roots/:rootId', requireRole('admin'), async (req, res) => {
    const { rootId } = parse(RootParams, req.params);
    await pki.removeTrustedRoot(actorOf(req), rootId);
    res.status(204).end();
  });

  r.get('/tenders/:tenderId/opening-certificate', async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    await tenders.getForActor(req.actor, tenderId);
    // The PEM first: an error must go out as the JSON Error body, not under the PEM content type.
    const pem = await pki.openingCertificatePem(tenderId);
    res.type('application/x-pem-file').send(pem);
  });

  return r;
}
