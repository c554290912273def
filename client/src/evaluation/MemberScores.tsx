import { Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { typedCriteria } from './eval-scores';
import type { EvaluationView } from './eval-types';
import { bidName, memberName } from './eval-view';

type Row = { key: string; member: string; bid: string; scores: Record<string, string> };

/** Every member's scores once aggregated (members and observers see them from the review on), flagged cells marked. */
export function MemberScores({ view }: { view: EvaluationView }) {
  const { t } = useTranslation();
  const all = view.scores.all ?? [];
  if (all.length === 0) {
    return null;
  }
  const rows = new Map<string, Row>();
  for (const s of all) {
    const key = `${s.member}:${s.bid}`;
    const row = rows.get(key) ?? { key, member: s.member, bid: s.bid, scores: {} };
    row.scores[s.criterion] = s.score;
    rows.set(key, row);
  }
  const flagged = new Set(view.flags.filter((f) => f.resolution === null).map((f) => `${f.member}:${f.bid}:${f.criterion}`));
  return (
    <Card title={t('evaluation.review.memberScores')} size="small" data-testid="eval-member-scores">
      <Table<Row>
        rowKey="key"
        size="small"
        pagination={false}
        scroll={{ x: true }}
        dataSource={[...rows.values()].sort((a, b) => a.bid.localeCompare(b.bid) || memberName(view, a.member).localeCompare(memberName(view, b.member)))}
        columns={[
          { title: t('evaluation.compliance.bid'), key: 'bid', render: (_, r) => bidName(view, r.bid) },
          { title: t('evaluation.members'), key: 'member', render: (_, r) => memberName(view, r.member) },
          ...typedCriteria(view.criteria).map((c) => ({
            title: `${c.name}（${c.weight}）`,
            key: c.key,
            render: (_: unknown, r: Row) => (
              <span style={flagged.has(`${r.member}:${r.bid}:${c.key}`) ? { color: '#cf1322', fontWeight: 600 } : undefined}>{r.scores[c.key] ?? '—'}</span>
            ),
          })),
        ]}
      />
    </Card>
  );
}
