import { App, Button, Card, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/http';
import type { Question, Registration, Tender } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { Countdown } from '../components/Countdown';
import { useCountdown } from '../components/server-time';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { applyFieldErrors, errorText } from '../components/errors';
import { PlainText } from '../components/PlainText';
import { useApi } from '../components/use-api';
import { getRegistration, listQuestions } from '../tenders/tender-api';

/** The bidder's side of a tender: 获取招标文件 (register), ask a question, own questions. */
export function BidderPanel({ tender, onRegistered }: { tender: Tender; onRegistered: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reg = useApi((signal) => getRegistration(tender.id, signal), [tender.id]);
  const questions = useApi((signal) => (reg.data ? listQuestions(tender.id, signal) : Promise.resolve([] as Question[])), [tender.id, reg.data]);
  const [busy, setBusy] = useState(false);
  const [askError, setAskError] = useState<unknown>(null);
  const [form] = Form.useForm<{ text: string }>();

  const open = tender.status === 'published';
  const left = useCountdown(tender.bidDeadline);
  const canBid = open && !!reg.data && (left === null || left > 0);

  async function register() {
    setBusy(true);
    try {
      await api<{ registration: Registration }>(`/tenders/${tender.id}/registrations`, { method: 'POST' });
      message.success(t('reg.done'));
      reg.reload();
      onRegistered();
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setBusy(false);
    }
  }

  async function ask(v: { text: string }) {
    setAskError(null);
    try {
      await api(`/tenders/${tender.id}/questions`, { method: 'POST', body: { text: v.text } });
      message.success(t('qa.asked'));
      form.resetFields();
      questions.reload();
    } catch (e) {
      applyFieldErrors(form, e);
      setAskError(e);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card title={t('reg.register')} size="small">
        <ErrorAlert error={reg.error} />
        {reg.data ? (
          <Tag color="green" data-testid="registered">
            {t('reg.done')} · <ShanghaiTime value={reg.data.registeredAt} />
          </Tag>
        ) : (
          <Button type="primary" block loading={busy || reg.loading} disabled={!open} onClick={() => void register()} data-testid="register-button">
            {open ? t('reg.register') : t('reg.closed')}
          </Button>
        )}
      </Card>
      {reg.data && open ? (
        <Card title={t('bid.title')} size="small" extra={<Countdown deadline={tender.bidDeadline} testId="bid-countdown" />}>
          {canBid ? (
            <Link to={`/tenders/${tender.id}/bid`} data-testid="bid-link">
              <Button type="primary" block>
                {t('bid.go')}
              </Button>
            </Link>
          ) : (
            <Button block disabled>
              {t('bid.deadlinePassed')}
            </Button>
          )}
        </Card>
      ) : null}
      {reg.data ? (
        <Link to={`/tenders/${tender.id}/opening`} data-testid="bidder-opening-hall">
          <Button block>{t('opening.enter')}</Button>
        </Link>
      ) : null}
      {reg.data ? (
        <Card title={t('qa.ask')} size="small">
          <ErrorAlert error={askError} style={{ marginBottom: 12 }} />
          <Form form={form} onFinish={ask} layout="vertical">
            <Form.Item name="text" rules={[{ required: true, message: t('auth.required', { field: t('qa.ask') }) }]}>
              <Input.TextArea rows={4} maxLength={5000} showCount placeholder={t('qa.askPlaceholder')} data-testid="question-text" disabled={!open} />
            </Form.Item>
            <Button htmlType="submit" type="primary" disabled={!open} data-testid="question-submit">
              {t('common.submit')}
            </Button>
          </Form>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('qa.mine')}
          </Typography.Title>
          <List<Question>
            size="small"
            loading={questions.loading}
            dataSource={questions.data ?? []}
            locale={{ emptyText: t('qa.none') }}
            renderItem={(q) => (
              <List.Item>
                <div style={{ width: '100%' }}>
                  <PlainText text={q.text} />
                  <Space style={{ marginTop: 4 }}>
                    <Typography.Text type="secondary">
                      <ShanghaiTime value={q.askedAt} />
                    </Typography.Text>
                    {q.answeredBy ? <Tag color="green">{t('qa.answered')}</Tag> : <Tag>{t('qa.unanswered')}</Tag>}
                  </Space>
                </div>
              </List.Item>
            )}
          />
        </Card>
      ) : null}
    </Space>
  );
}
