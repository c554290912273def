import { App, Button, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { applyFieldErrors } from '../components/errors';
import { PlainText } from '../components/PlainText';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { TEXT_MAX } from './award-view';
import type { PublicityObjection } from './awards-api';

type Answer = (objectionId: string, text: string) => Promise<unknown>;

/** 异议 raised during publicity with their answers; the owner agency gets an answer box under each unanswered one. */
export function PublicityObjections({ objections, onAnswer }: { objections: PublicityObjection[]; onAnswer: Answer | null }) {
  const { t } = useTranslation();
  return (
    <List<PublicityObjection>
      size="small"
      dataSource={objections}
      locale={{ emptyText: t('awards.noObjections') }}
      data-testid="publicity-objections"
      renderItem={(o) => (
        <List.Item data-testid={`objection-${o.id}`} data-answered={o.answeredAt ? 'true' : 'false'}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap>
              {o.bidderOrganization ? <Typography.Text strong>{o.bidderOrganization}</Typography.Text> : null}
              <Typography.Text type="secondary">
                <ShanghaiTime value={o.raisedAt} />
              </Typography.Text>
              {o.answeredAt ? <Tag color="green">{t('awards.answered')}</Tag> : <Tag color="orange">{t('awards.unanswered')}</Tag>}
            </Space>
            <PlainText text={o.text} />
            {o.answer !== null ? (
              <div style={{ borderLeft: '3px solid #52c41a', paddingLeft: 12 }}>
                <Typography.Text type="secondary">
                  {t('awards.answer')} · <ShanghaiTime value={o.answeredAt} />
                </Typography.Text>
                <PlainText text={o.answer} />
              </div>
            ) : onAnswer ? (
              <AnswerBox objectionId={o.id} onAnswer={onAnswer} />
            ) : null}
          </Space>
        </List.Item>
      )}
    />
  );
}

function AnswerBox({ objectionId, onAnswer }: { objectionId: string; onAnswer: Answer }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function send(v: { text: string }) {
    setBusy(true);
    setError(null);
    try {
      await onAnswer(objectionId, v.text.trim());
      message.success(t('awards.answerSent'));
      form.resetFields();
    } catch (e) {
      applyFieldErrors(form, e);
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} onFinish={(v) => void send(v)} disabled={busy} layout="vertical">
      <ErrorAlert error={error} style={{ marginBottom: 8 }} />
      <Form.Item name="text" rules={[{ required: true, whitespace: true, max: TEXT_MAX, message: t('awards.answerRule') }]} style={{ marginBottom: 8 }}>
        <Input.TextArea rows={2} maxLength={TEXT_MAX} showCount placeholder={t('awards.answerPlaceholder')} data-testid={`answer-text-${objectionId}`} />
      </Form.Item>
      <Button htmlType="submit" type="primary" size="small" loading={busy} data-testid={`answer-submit-${objectionId}`}>
        {t('awards.answerSubmit')}
      </Button>
    </Form>
  );
}
