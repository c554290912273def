import { App, Button, Card, Form, Input, Modal, Popconfirm, Skeleton, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../api/http';
import type { Tender } from '../api/types';
import { hasAwardWorkspace } from '../awards/award-view';
import { ErrorAlert } from '../components/ErrorAlert';
import { StatusTag } from '../components/StatusTag';
import { useApi } from '../components/use-api';
import { ClarificationsList } from '../tenders/ClarificationsList';
import { DocumentsList } from '../tenders/DocumentsList';
import { getTender, listClarifications, listDocuments } from '../tenders/tender-api';
import { TenderOverview } from '../tenders/TenderOverview';
import { DocumentsUpload } from './DocumentsUpload';
import { QuestionsPanel } from './QuestionsPanel';

const CANCELLABLE: Tender['status'][] = ['draft', 'published', 'opening', 'opened', 'evaluating', 'evaluated', 'publicity'];

/** The agency's workspace for one tender: overview, publish/cancel, documents, Q&A and clarifications. */
export function TenderManagePage() {
  const { tenderId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const tender = useApi((signal) => getTender(tenderId, signal), [tenderId]);
  const docs = useApi((signal) => listDocuments(tenderId, signal), [tenderId]);
  const clars = useApi((signal) => listClarifications(tenderId, signal), [tenderId]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [cancelForm] = Form.useForm<{ reason: string }>();

  if (tender.loading && !tender.data) {
    return <Skeleton active />;
  }
  if (!tender.data) {
    return <ErrorAlert error={tender.error} />;
  }
  const td = tender.data;

  async function publish() {
    setActionError(null);
    try {
      await api<Tender>(`/tenders/${td.id}/publish`, { method: 'POST' });
      message.success(t('agency.published'));
      tender.reload();
    } catch (e) {
      setActionError(e);
    }
  }

  async function cancel(v: { reason: string }) {
    setBusy(true);
    try {
      await api<Tender>(`/tenders/${td.id}/cancel`, { method: 'POST', body: { reason: v.reason } });
      message.success(t('agency.cancelled'));
      setCancelOpen(false);
      tender.reload();
    } catch (e) {
      setActionError(e);
      setCancelOpen(false);
    } finally {
      setBusy(false);
    }
  }

  // The server clock decides whether the bid deadline has passed; the browser's clock is not asked.
  const uploadable = td.status === 'draft' || td.status === 'published';
  return (
    <Card
      title={
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="manage-title">
            {td.title}
          </Typography.Title>
          <StatusTag status={td.status} />
        </Space>
      }
      extra={
        <Space wrap>
          {td.status === 'draft' ? (
            <>
              <Button onClick={() => navigate(`/agency/tenders/${td.id}/edit`)} data-testid="manage-edit">
                {t('common.edit')}
              </Button>
              <Popconfirm title={t('agency.publishConfirm')} onConfirm={() => void publish()}>
                <Button type="primary" data-testid="manage-publish">
                  {t('agency.publish')}
                </Button>
              </Popconfirm>
            </>
          ) : (
            <>
              <Link to={`/tenders/${td.id}`}>{t('nav.announcements')}</Link>
              <Link to={`/tenders/${td.id}/opening`} data-testid="manage-opening-hall">
                <Button>{t('opening.enter')}</Button>
              </Link>
              {hasAwardWorkspace(td.status) ? (
                <Link to={`/agency/tenders/${td.id}/award`} data-testid="manage-award">
                  <Button type="primary">{t('awards.manage')}</Button>
                </Link>
              ) : null}
            </>
          )}
          {CANCELLABLE.includes(td.status) ? (
            <Button danger onClick={() => setCancelOpen(true)} data-testid="manage-cancel">
              {t('agency.cancelTender')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <ErrorAlert error={actionError} style={{ marginBottom: 16 }} />
      <Tabs
        items={[
          { key: 'overview', label: t('tender.basics'), children: <TenderOverview tender={td} /> },
          {
            key: 'documents',
            label: t('tender.documents'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <DocumentsUpload tenderId={td.id} current={(docs.data ?? []).filter((d) => d.current)} onUploaded={docs.reload} disabled={!uploadable} />
                <ErrorAlert error={docs.error} />
                <DocumentsList tenderId={td.id} items={docs.data ?? []} />
              </Space>
            ),
          },
          {
            key: 'qa',
            label: `${t('qa.questions')} / ${t('tender.clarifications')}`,
            disabled: td.status === 'draft',
            children: (
              <Space direction="vertical" style={{ width: '100%' }} size="large">
                <QuestionsPanel tender={td} onPublished={() => { clars.reload(); tender.reload(); }} />
                <Typography.Title level={5}>{t('tender.clarifications')}</Typography.Title>
                <ClarificationsList items={clars.data ?? []} />
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={cancelOpen}
        title={t('agency.cancelTender')}
        onCancel={() => setCancelOpen(false)}
        onOk={() => cancelForm.submit()}
        okButtonProps={{ danger: true, loading: busy, 'data-testid': 'cancel-confirm' }}
        destroyOnHidden
      >
        <Form form={cancelForm} layout="vertical" onFinish={cancel} preserve={false}>
          <Form.Item name="reason" label={t('agency.cancelReason')} rules={[{ required: true, min: 2, max: 2000, message: t('auth.required', { field: t('agency.cancelReason') }) }]}>
            <Input.TextArea rows={4} data-testid="cancel-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
