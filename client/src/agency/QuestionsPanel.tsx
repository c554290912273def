import { App, Button, Card, Checkbox, Form, Input, List, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type FieldIssue } from '../api/http';
import type { Clarification, Question, Tender } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { applyFieldErrors } from '../components/errors';
import { PlainText } from '../components/PlainText';
import { ShanghaiDateTimeInput } from '../components/ShanghaiDateTimeInput';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { useApi } from '../components/use-api';
import { listQuestions } from '../tenders/tender-api';

type ClarValues = { title: string; body: string; affectsBids: boolean; newBidDeadline?: string | null; questionIds: string[] };

/** 答疑: the anonymous questions, and the form that publishes a clarification/amendment answering them. */
export function QuestionsPanel({ tender, onPublished }: { tender: Tender; onPublished: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ClarValues>();
  const questions = useApi((signal) => listQuestions(tender.id, signal), [tender.id]);
  const [error, setError] = useState<unknown>(null);
  const [leftover, setLeftover] = useState<FieldIssue[]>([]);
  const [busy, setBusy] = useState(false);
  const affectsBids = Form.useWatch('affectsBids', form);
  const open = tender.status === 'published';

  async function publish(v: ClarValues) {
    setBusy(true);
    setError(null);
    try {
      await api<{ clarification: Clarification }>(`/tenders/${tender.id}/clarifications`, {
        method: 'POST',
        body: {
          title: v.title,
          body: v.body,
          affectsBids: Boolean(v.affectsBids),
          ...(v.questionIds?.length ? { questionIds: v.questionIds } : {}),
          ...(v.newBidDeadline ? { newBidDeadline: v.newBidDeadline } : {}),
        },
      });
      message.success(t('clar.published'));
      form.resetFields();
      questions.reload();
      onPublished();
    } catch (e) {
      // SCHEDULE_RULE names bidDeadline: the field to change here is newBidDeadline.
      const mapped = e instanceof ApiError ? new ApiError(e.status, e.code, e.message, e.fields.map((f) => (f.path === 'bidDeadline' ? { ...f, path: 'newBidDeadline' } : f))) : e;
      setLeftover(applyFieldErrors(form, mapped, (p) => ['title', 'body', 'affectsBids', 'newBidDeadline', 'questionIds'].includes(p.split('.')[0] ?? '')));
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const items = questions.data ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card size="small" title={t('qa.questions')} extra={<Typography.Text type="secondary">{t('agency.questionsNote')}</Typography.Text>}>
        <ErrorAlert error={questions.error} />
        <List<Question>
          size="small"
          loading={questions.loading}
          dataSource={items}
          locale={{ emptyText: t('qa.none') }}
          data-testid="questions-list"
          renderItem={(q, i) => (
            <List.Item>
              <div style={{ width: '100%' }}>
                <Space style={{ marginBottom: 4 }}>
                  <strong>#{i + 1}</strong>
                  <Tag>{t('qa.anonymous')}</Tag>
                  <Typography.Text type="secondary">
                    <ShanghaiTime value={q.askedAt} />
                  </Typography.Text>
                  {q.answeredBy ? <Tag color="green">{t('qa.answered')}</Tag> : <Tag color="orange">{t('qa.unanswered')}</Tag>}
                </Space>
                <PlainText text={q.text} />
              </div>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('clar.publish')}>
        <Typography.Paragraph type={affectsBids ? 'warning' : 'secondary'}>{t('clar.leadNote')}</Typography.Paragraph>
        <ErrorAlert error={error} style={{ marginBottom: 12 }} fields={error instanceof ApiError && error.fields.length > 0 ? leftover : undefined} />
        <Form form={form} layout="vertical" onFinish={publish} initialValues={{ affectsBids: false, questionIds: [] }} disabled={!open} data-testid="clarification-form">
          <Form.Item name="title" label={t('clar.title')} rules={[{ required: true, message: t('auth.required', { field: t('clar.title') }) }]}>
            <Input maxLength={200} data-testid="clarification-title" />
          </Form.Item>
          <Form.Item name="body" label={t('clar.body')} rules={[{ required: true, message: t('auth.required', { field: t('clar.body') }) }]}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} data-testid="clarification-body" />
          </Form.Item>
          <Form.Item name="questionIds" label={t('clar.questionIds')}>
            <Checkbox.Group
              style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
              options={items.map((q, i) => ({ value: q.id, label: `#${i + 1} ${q.text.length > 60 ? `${q.text.slice(0, 60)}…` : q.text}` }))}
            />
          </Form.Item>
          <Form.Item name="affectsBids" label={t('clar.affectsBids')} valuePropName="checked">
            <Switch data-testid="clarification-affects-bids" />
          </Form.Item>
          <Form.Item name="newBidDeadline" label={`${t('clar.newBidDeadline')}（${t('tender.timesNote')}）`} extra={<>{t('clar.previousBidDeadline')}：<ShanghaiTime value={tender.bidDeadline} /></>}>
            <ShanghaiDateTimeInput testId="clarification-new-deadline" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="clarification-submit">
            {t('clar.publish')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
