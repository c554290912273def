import { Router } from 'express';
import type { AppContext } from '../context';
import { actorOf, requireRole } from '../http/auth';
import { parse } from '../http/validate';
import { TenderParams } from '../tenders';
import { presentOwnRegistration, presentRegistration } from './present';

/** /tenders/:id/registrations, /tenders/:id/registration, /me/registrations — bidders only, each sees its own. */
export function registrationRouter({ registration }: Pick<AppContext, 'registration'>): Router {
  const r = Router();

  r.post('/tenders/:tenderId/registrations', requireRole('bidder'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const reg = await registration.register(actorOf(req), tenderId);
    res.status(201).json({ registration: presentRegistration(reg) });
  });

  r.get('/tenders/:tenderId/registration', requireRole('bidder'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const reg = await registration.findOwn(actorOf(req), tenderId);
    res.json({ registration: reg && presentRegistration(reg) });
  });

  r.get('/me/registrations', requireRole('bidder'), async (req, res) => {
    const items = await registration.listOwn(actorOf(req));
    res.json({ items: items.map((i) => presentOwnRegistration(i.registration, i.tender)) });
  });

  return r;
}
