import { Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Money } from '../components/Money';
import { ShanghaiTime } from '../components/ShanghaiTime';
import type { OpeningItems, OpeningSnapshot } from './hall-types';
import { formatSize, itemKeys, rowsOf, shortSha, type HallRow } from './hall-view';

/** 唱标: one row per commitment (digest and size, public from sealing), filled in as its bid is decrypted. */
export function BidsTable({ hall }: { hall: OpeningSnapshot }) {
  const { t } = useTranslation();
  const rows = rowsOf(hall);
  const items = itemKeys(hall.bids);
  const columns: ColumnsType<HallRow> = [
    {
      title: t('opening.sha256'),
      key: 'sha256',
      render: (_, r) =>
        r.sha256 ? (
          <Tooltip title={r.sha256}>
            <Typography.Text code copyable={{ text: r.sha256 }}>{shortSha(r.sha256)}</Typography.Text>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    { title: t('opening.size'), key: 'size', render: (_, r) => (r.size === null ? '—' : formatSize(r.size)) },
    { title: t('opening.bidder'), key: 'bidder', render: (_, r) => r.bid?.bidderOrganization ?? (r.bid ? '—' : '') },
    ...items.map((k) => ({
      title: t(`openingItem.${k}`, { defaultValue: k }),
      key: `item-${k}`,
      render: (_: unknown, r: HallRow) => <ItemValue name={k} items={r.bid?.items ?? null} />,
    })),
    {
      title: t('opening.bidStatus'),
      key: 'status',
      render: (_, r) =>
        !r.bid ? <Tag>{t('opening.pending')}</Tag> : r.bid.status === 'valid' ? <Tag color="green">{t('opening.valid')}</Tag> : <Tag color="red">{t('opening.invalid')}</Tag>,
    },
    { title: t('opening.reason'), key: 'reason', render: (_, r) => r.bid?.reason ?? '' },
    { title: t('opening.decryptedBy'), key: 'by', render: (_, r) => (r.bid ? t(`opening.decryptedByValue.${r.bid.decryptedBy}`) : '') },
    { title: t('opening.decryptedAt'), key: 'at', render: (_, r) => (r.bid ? <ShanghaiTime value={r.bid.decryptedAt} /> : '') },
  ];
  return (
    <Table<HallRow>
      data-testid="hall-bids"
      size="small"
      rowKey="key"
      pagination={false}
      scroll={{ x: true }}
      columns={columns}
      dataSource={rows}
      locale={{ emptyText: t('opening.noBids') }}
      onRow={(r) =>
        ({
          'data-testid': `hall-bid-${(r.sha256 ?? r.key).slice(0, 8)}`,
          'data-status': r.bid?.status ?? 'pending',
        }) as React.HTMLAttributes<HTMLElement>
      }
    />
  );
}

function ItemValue({ name, items }: { name: string; items: OpeningItems | null }) {
  const v = items?.[name];
  if (v === undefined || v === null || v === '') {
    return null;
  }
  return name === 'price' && typeof v === 'string' ? <Money value={v} /> : <span>{String(v)}</span>;
}
