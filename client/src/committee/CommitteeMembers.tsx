import { Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ShanghaiTime } from '../components/ShanghaiTime';
import type { Committee, Seat } from './committee-api';

/** The drawn committee: members by seat (chair marked), the reserves and the seed when shown. */
export function CommitteeMembers({ committee }: { committee: Committee }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="committee-view">
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label={t('committee.size')}>{committee.size}</Descriptions.Item>
        <Descriptions.Item label={t('committee.specialties')}>
          {committee.specialties.map((s) => <Tag key={s}>{s}</Tag>)}
        </Descriptions.Item>
        <Descriptions.Item label={t('committee.drawnAt')}>
          <ShanghaiTime value={committee.drawnAt} />
        </Descriptions.Item>
        {committee.seed ? (
          <Descriptions.Item label={t('committee.seed')} span={3}>
            <Typography.Text code copyable style={{ wordBreak: 'break-all' }} data-testid="committee-seed">
              {committee.seed}
            </Typography.Text>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Typography.Title level={5}>{t('committee.members')}</Typography.Title>
      <SeatsTable seats={committee.members} kind="member" />
      {committee.reserves ? (
        <>
          <Typography.Title level={5}>{t('committee.reservesList')}</Typography.Title>
          <SeatsTable seats={committee.reserves} kind="reserve" />
        </>
      ) : null}
    </Space>
  );
}

function SeatsTable({ seats, kind }: { seats: (Seat & { chair?: boolean })[]; kind: 'member' | 'reserve' }) {
  const { t } = useTranslation();
  return (
    <Table<Seat & { chair?: boolean }>
      rowKey="userId"
      size="small"
      pagination={false}
      dataSource={seats}
      locale={{ emptyText: t('common.none') }}
      onRow={(s) => ({ 'data-testid': kind === 'member' ? `committee-member-${s.userId}` : `committee-reserve-${s.userId}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('committee.seat'), dataIndex: 'seat', width: 80 },
        {
          title: t('committee.name'),
          render: (_v, s) => (
            <Space>
              {s.displayName}
              {s.chair ? <Tag color="gold">{t('committee.chair')}</Tag> : null}
            </Space>
          ),
        },
        { title: t('committee.organization'), dataIndex: 'organizationName', render: (v: string | null) => v ?? '—' },
        { title: t('committee.specialties'), dataIndex: 'specialties', render: (v: string[]) => v.map((s) => <Tag key={s}>{s}</Tag>) },
      ]}
    />
  );
}
