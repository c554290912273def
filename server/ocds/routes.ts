import { Router } from 'express';
import { parse } from '../http/validate';
import { TenderParams } from '../tenders';
import { ReleasesQuery } from './schema';
import type { OcdsService } from './service';

/** Public, read-only OCDS routes: no sign-in needed, and a caller's role changes nothing. */
export function ocdsRouter(ocds: OcdsService): Router {
  const r = Router();

  r.get('/ocds/tenders/:tenderId', async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(await ocds.tenderPackage(tenderId));
  });

  r.get('/ocds/releases', async (req, res) => {
    res.json(await ocds.releasesPage(parse(ReleasesQuery, req.query)));
  });

  return r;
}
