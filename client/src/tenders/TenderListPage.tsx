import { Card, Input, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/http';
import { CATEGORIES, TENDER_STATUSES, type Page, type Tender } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { Money } from '../components/Money';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { StatusTag } from '../components/StatusTag';
import { useApi } from '../components/use-api';

const PUBLIC_STATUSES = TENDER_STATUSES.filter((s) => s !== 'draft');

/** 招标公告: the public list with search (q), status and category filters; state lives in the URL. */
export function TenderListPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const status = params.get('status') ?? '';
  const category = params.get('category') ?? '';
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;

  const list = useApi(
    (signal) => api<Page<Tender>>('/tenders', { query: { q, status, category, page, pageSize }, signal }),
    [q, status, category, page, pageSize],
  );

  function update(next: Record<string, string | number | null>) {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === '') {
        p.delete(k);
      } else {
        p.set(k, String(v));
      }
    }
    setParams(p);
  }

  return (
    <Card title={t('nav.announcements')}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          key={q}
          defaultValue={q}
          allowClear
          placeholder={t('tender.searchPlaceholder')}
          enterButton={t('common.search')}
          onSearch={(v) => update({ q: v.trim(), page: null })}
          style={{ width: 360 }}
          data-testid="tender-search"
        />
        <Select
          value={status}
          onChange={(v) => update({ status: v, page: null })}
          style={{ width: 180 }}
          data-testid="tender-status-filter"
          options={[{ value: '', label: `${t('tender.status')}：${t('common.all')}` }, ...PUBLIC_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <Select
          value={category}
          onChange={(v) => update({ category: v, page: null })}
          style={{ width: 180 }}
          data-testid="tender-category-filter"
          options={[{ value: '', label: `${t('tender.category')}：${t('common.all')}` }, ...CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))]}
        />
      </Space>
      <ErrorAlert error={list.error} style={{ marginBottom: 16 }} />
      <Table<Tender>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('tender.noTenders') }}
        onRow={(r) => ({ 'data-testid': 'tender-row', 'data-code': r.code }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (n) => t('common.total', { count: n }),
          onChange: (p, s) => update({ page: p === 1 ? null : p, pageSize: s === 20 ? null : s }),
        }}
        scroll={{ x: 900 }}
        columns={[
          { title: t('tender.code'), dataIndex: 'code', width: 170, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('tender.title'),
            dataIndex: 'title',
            render: (v: string, r) => (
              <Link to={`/tenders/${r.id}`} data-testid="tender-link">
                {v}
              </Link>
            ),
          },
          { title: t('tender.category'), dataIndex: 'category', width: 110, render: (v: string) => t(`category.${v}`) },
          { title: t('tender.budget'), dataIndex: 'budget', width: 180, align: 'right', render: (v: string) => <Money value={v} /> },
          { title: t('tender.bidDeadline'), dataIndex: 'bidDeadline', width: 190, render: (v: string) => <ShanghaiTime value={v} /> },
          { title: t('tender.status'), dataIndex: 'status', width: 130, render: (v: Tender['status']) => <StatusTag status={v} /> },
        ]}
      />
    </Card>
  );
}
