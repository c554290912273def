import { Router } from 'express';
import type { AppContext } from '../context';
import { parse } from '../http/validate';
import { TenderParams } from '../tenders';
import { presentCommitmentList, presentSnapshot } from './present';

/** /tenders/:id/commitments and /tenders/:id/opening (HTTP snapshot of the opening hall). */
export function openingRouter({ opening }: Pick<AppContext, 'opening'>): Router {
  const r = Router();

  r.get('/tenders/:tenderId/commitments', async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { tender, commitments } = await opening.commitments(req.actor, tenderId);
    res.json(presentCommitmentList(tender, commitments));
  });

  r.get('/tenders/:tenderId/opening', async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(presentSnapshot(await opening.snapshot(req.actor, tenderId)));
  });

  return r;
}
