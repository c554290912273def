import { Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/http';
import { TENDER_STATUSES, type Page, type Tender } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { Money } from '../components/Money';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { StatusTag } from '../components/StatusTag';
import { useApi } from '../components/use-api';

/** The agency's own tenders, drafts included (GET /api/tenders?mine=1). */
export function MyTendersPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useApi((signal) => api<Page<Tender>>('/tenders', { query: { mine: 1, q, status, page, pageSize }, signal }), [q, status, page, pageSize]);

  return (
    <Card
      title={t('nav.myTenders')}
      extra={
        <Link to="/agency/tenders/new">
          <Button type="primary" icon={<PlusOutlined />} data-testid="new-tender">
            {t('agency.newTender')}
          </Button>
        </Link>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search allowClear placeholder={t('tender.searchPlaceholder')} onSearch={(v) => { setQ(v.trim()); setPage(1); }} style={{ width: 320 }} />
        <Select
          value={status}
          onChange={(v) => { setStatus(v); setPage(1); }}
          style={{ width: 180 }}
          options={[{ value: '', label: `${t('tender.status')}：${t('common.all')}` }, ...TENDER_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
      </Space>
      <ErrorAlert error={list.error} style={{ marginBottom: 16 }} />
      <Table<Tender>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('agency.noTenders') }}
        onRow={(r) => ({ 'data-testid': 'my-tender-row', 'data-code': r.code }) as React.HTMLAttributes<HTMLElement>}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => t('common.total', { count: n }),
          onChange: (p, s) => { setPage(p); setPageSize(s); },
        }}
        columns={[
          { title: t('tender.code'), dataIndex: 'code', width: 170, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('tender.title'), dataIndex: 'title', render: (v: string, r) => <Link to={`/agency/tenders/${r.id}`}>{v}</Link> },
          { title: t('tender.budget'), dataIndex: 'budget', width: 180, align: 'right', render: (v: string) => <Money value={v} /> },
          { title: t('tender.bidDeadline'), dataIndex: 'bidDeadline', width: 180, render: (v: string) => <ShanghaiTime value={v} /> },
          { title: t('tender.status'), dataIndex: 'status', width: 130, render: (v: Tender['status']) => <StatusTag status={v} /> },
          {
            title: t('common.actions'),
            width: 150,
            render: (_v, r) => (
              <Space>
                <Link to={`/agency/tenders/${r.id}`}>{t('agency.manage')}</Link>
                {r.status === 'draft' ? <Link to={`/agency/tenders/${r.id}/edit`}>{t('common.edit')}</Link> : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
