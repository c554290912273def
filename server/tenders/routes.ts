import { Router } from 'express';
import type { AppContext } from '../context';
import { actorOf, requireRole } from '../http/auth';
import { parse } from '../http/validate';
import { presentAudit, presentTender } from './present';
import { CancelTenderBody, CreateTenderBody, ListTendersQuery, TenderParams, UpdateTenderBody } from './schema';

/** /tenders: list, detail, drafts, publish, cancel, audit trail. */
export function tendersRouter({ tenders }: Pick<AppContext, 'tenders'>): Router {
  const r = Router();

  r.get('/tenders', async (req, res) => {
    const q = parse(ListTendersQuery, req.query);
    const { items, total } = await tenders.list(req.actor, q);
    res.json({ items: items.map(presentTender), total, page: q.page, pageSize: q.pageSize });
  });

  r.post('/tenders', requireRole('agency'), async (req, res) => {
    const t = await tenders.create(actorOf(req), parse(CreateTenderBody, req.body));
    res.status(201).json(presentTender(t));
  });

  r.get('/tenders/:tenderId', async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(presentTender(await tenders.getForActor(req.actor, tenderId)));
  });

  r.patch('/tenders/:tenderId', requireRole('agency'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(presentTender(await tenders.update(actorOf(req), tenderId, parse(UpdateTenderBody, req.body))));
  });

  r.post('/tenders/:tenderId/publish', requireRole('agency'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    res.json(presentTender(await tenders.publish(actorOf(req), tenderId)));
  });

  r.post('/tenders/:tenderId/cancel', requireRole('agency'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { reason } = parse(CancelTenderBody, req.body);
    res.json(presentTender(await tenders.cancel(actorOf(req), tenderId, reason)));
  });

  r.get('/tenders/:tenderId/audit', requireRole('supervisor', 'admin', 'agency'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const { full, events } = await tenders.auditTrail(actorOf(req), tenderId);
    res.json({ items: presentAudit(events), sealedHidden: !full });
  });

  return r;
}
