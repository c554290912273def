import { Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/http';
import type { MyRegistration } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { StatusTag } from '../components/StatusTag';
import { useApi } from '../components/use-api';

/** The bidder's registrations (获取招标文件) with each tender's status and deadline. */
export function MyRegistrationsPage() {
  const { t } = useTranslation();
  const list = useApi((signal) => api<{ items: MyRegistration[] }>('/me/registrations', { signal }), []);
  return (
    <Card title={t('nav.myRegistrations')}>
      <ErrorAlert error={list.error} style={{ marginBottom: 16 }} />
      <Table<MyRegistration>
        rowKey="tenderId"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('reg.none') }}
        pagination={false}
        columns={[
          { title: t('tender.code'), render: (_v, r) => r.tender.code },
          { title: t('tender.title'), render: (_v, r) => <Link to={`/tenders/${r.tenderId}`}>{r.tender.title}</Link> },
          { title: t('tender.status'), render: (_v, r) => <StatusTag status={r.tender.status} /> },
          { title: t('tender.bidDeadline'), render: (_v, r) => <ShanghaiTime value={r.tender.bidDeadline} /> },
          { title: t('reg.registeredAt'), dataIndex: 'registeredAt', render: (v: string) => <ShanghaiTime value={v} /> },
        ]}
      />
    </Card>
  );
}
