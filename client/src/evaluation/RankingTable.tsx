import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Money } from '../components/Money';
import type { EvaluationView, RankedBid } from './eval-types';
import { bid8 } from './eval-view';

/** The ranking after aggregation: totals ("91.80"), the mean per criterion, the candidates (top 3). */
export function RankingTable({ view }: { view: EvaluationView }) {
  const { t } = useTranslation();
  const ranking = view.ranking ?? [];
  const candidates = new Set((view.candidates ?? []).map((c) => c.bid));
  const results = new Map((view.results?.results ?? []).map((r) => [r.bid, r]));
  const means = (bid: string, criterion: string) => results.get(bid)?.criteria.find((c) => c.criterion === criterion)?.mean;
  const comprehensive = view.evaluationMethod === 'comprehensive';
  return (
    <Card
      title={t('evaluation.review.ranking')}
      size="small"
      data-testid="eval-ranking"
      extra={view.results?.basePrice ? <Typography.Text type="secondary">{t('evaluation.scoring.basePrice')}{t('evaluation.colon')}<Money value={view.results.basePrice} /></Typography.Text> : null}
    >
      <Table<RankedBid>
        rowKey="bid"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={ranking}
        onRow={(r) => ({ 'data-testid': `rank-${bid8(r.bid)}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('evaluation.review.rank'), key: 'rank', render: (_, r) => r.rank },
          {
            title: t('evaluation.compliance.bid'),
            key: 'bidder',
            render: (_, r) => (
              <>
                {r.bidderOrganization ?? bid8(r.bid)} {candidates.has(r.bid) ? <Tag color="gold">{t('evaluation.review.candidate')}</Tag> : null}
              </>
            ),
          },
          { title: t('evaluation.review.price'), key: 'price', render: (_, r) => <Money value={r.price} /> },
          ...(comprehensive
            ? view.criteria.map((c) => ({ title: c.name, key: c.key, render: (_: unknown, r: RankedBid) => means(r.bid, c.key) ?? '—' }))
            : []),
          ...(comprehensive
            ? [{ title: t('evaluation.scoring.total'), key: 'total', render: (_: unknown, r: RankedBid) => <Typography.Text strong data-testid={`total-${bid8(r.bid)}`}>{r.total ?? '—'}</Typography.Text> }]
            : []),
        ]}
      />
    </Card>
  );
}
