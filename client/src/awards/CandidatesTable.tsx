import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Money } from '../components/Money';
import type { Candidate } from './awards-api';

/** 中标候选人: rank, bidder, price and total score; the awarded rank marked when known. */
export function CandidatesTable({ candidates, awardedRank }: { candidates: Candidate[]; awardedRank?: number | null }) {
  const { t } = useTranslation();
  return (
    <div data-testid="results-candidates">
      <Table<Candidate>
        rowKey="rank"
        size="small"
        pagination={false}
        dataSource={candidates}
        locale={{ emptyText: t('common.none') }}
        onRow={(c) => ({ 'data-testid': `candidate-${c.rank}`, 'data-rank': String(c.rank) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('awards.rank'), dataIndex: 'rank', width: 120, render: (v: number) => t('awards.rankN', { rank: v }) },
          {
            title: t('awards.bidder'),
            dataIndex: 'bidderOrganization',
            render: (v: string, c) => (
              <>
                {v} {awardedRank === c.rank ? <Tag color="green">{t('awards.winner')}</Tag> : null}
              </>
            ),
          },
          { title: t('awards.price'), dataIndex: 'price', render: (v: string) => <Money value={v} /> },
          { title: t('awards.total'), dataIndex: 'total', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </div>
  );
}
