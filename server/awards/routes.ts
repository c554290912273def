import { Router } from 'express';
import type { AppContext } from '../context';
import { actorOf, requireRole } from '../http/auth';
import { parse } from '../http/validate';
import { TenderParams } from '../tenders';
import { presentAward, presentPublicity, presentPublicityObjection } from './present';
import { AwardBody, PublicityObjectionParams, PublicityTextBody } from './schema';

/** /tenders/:id/candidates (publicity, objections) and /tenders/:id/award. */
export function awardsRouter({ awards }: Pick<AppContext, 'awards'>): Router {
  const r = Router();

  r.post('/tenders/:tenderId/candidates/publish', requireRole('agency'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(presentPublicity(await awards.publish(actorOf(req), tenderId)));
  });

  r.get('/tenders/:tenderId/candidates', async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(presentPublicity(await awards.publicity(req.actor, tenderId)));
  });

  r.post('/tenders/:tenderId/candidates/objections', requireRole('bidder'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { text } = parse(PublicityTextBody, req.body);
    res.status(201).json({ objection: presentPublicityObjection(await awards.object(actorOf(req), tenderId, text), true) });
  });

  r.post('/tenders/:tenderId/candidates/objections/:objectionId/answer', requireRole('agency'), async (req, res) => {
    const { tenderId, objectionId } = parse(PublicityObjectionParams, req.params);
    const { text } = parse(PublicityTextBody, req.body);
    res.json({ objection: presentPublicityObjection(await awards.answer(actorOf(req), tenderId, objectionId, text), true) });
  });

  r.post('/tenders/:tenderId/award', requireRole('agency'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(presentAward(await awards.award(actorOf(req), tenderId, parse(AwardBody, req.body ?? {}))));
  });

  r.get('/tenders/:tenderId/award', async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(presentAward(await awards.getAward(req.actor, tenderId)));
  });

  return r;
}
