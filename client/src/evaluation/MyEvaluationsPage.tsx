import { Button, Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Tender } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { StatusTag } from '../components/StatusTag';
import { useApi } from '../components/use-api';
import { listMyEvaluations } from './my-evaluations';

/** 我的评标: the evaluator's committees (supervisors: every evaluation) with a way into each room. */
export function MyEvaluationsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const list = useApi((signal) => (user ? listMyEvaluations(user, signal) : Promise.resolve([])), [user?.id]);
  return (
    <Card title={t('evaluation.list.title')}>
      <ErrorAlert error={list.error} style={{ marginBottom: 16 }} />
      <Table<Tender>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('evaluation.list.empty') }}
        pagination={false}
        data-testid="my-evaluations"
        columns={[
          { title: t('tender.code'), render: (_v, r) => r.code },
          { title: t('tender.title'), render: (_v, r) => <Link to={`/tenders/${r.id}`}>{r.title}</Link> },
          { title: t('tender.status'), render: (_v, r) => <StatusTag status={r.status} /> },
          {
            title: t('common.actions'),
            render: (_v, r) => (
              <Link to={`/tenders/${r.id}/evaluation`} data-testid={`evaluation-link-${r.id}`}>
                <Button size="small" type="primary">
                  {t('evaluation.enter')}
                </Button>
              </Link>
            ),
          },
        ]}
      />
    </Card>
  );
}
