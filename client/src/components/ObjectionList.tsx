import { App, Button, Form, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from './ErrorAlert';
import { applyFieldErrors } from './errors';
import { PlainText } from './PlainText';
import { ShanghaiTime } from './ShanghaiTime';

/** 2000 characters: the API's limit on objection and answer texts. */
export const OBJECTION_TEXT_MAX = 2000;

export type ListedObjection = { id: string; bidderOrganization?: string | null; text: string; raisedAt: string; answer: string | null; answeredAt: string | null };

type Answer = (objectionId: string, text: string) => Promise<unknown>;

type Props = {
  objections: ListedObjection[];
  /** The host's answer box under each unanswered objection, or null for everyone else. */
  onAnswer: Answer | null;
  /** Where the texts come from: the opening hall's or the publicity's i18n section (same keys). */
  section: 'opening' | 'awards';
  testIds: { list: string; itemPrefix: string };
};

/** 异议 and their answers (the opening hall and candidate publicity). */
export function ObjectionList({ objections, onAnswer, section, testIds }: Props) {
  const { t } = useTranslation();
  return (
    <List<ListedObjection>
      size="small"
      dataSource={objections}
      locale={{ emptyText: t(`${section}.noObjections`) }}
      data-testid={testIds.list}
      renderItem={(o) => (
        <List.Item data-testid={`${testIds.itemPrefix}${o.id}`} data-answered={o.answeredAt ? 'true' : 'false'}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap>
              {o.bidderOrganization ? <Typography.Text strong>{o.bidderOrganization}</Typography.Text> : null}
              <Typography.Text type="secondary">
                <ShanghaiTime value={o.raisedAt} />
              </Typography.Text>
              {o.answeredAt ? <Tag color="green">{t(`${section}.answered`)}</Tag> : <Tag color="orange">{t(`${section}.unanswered`)}</Tag>}
            </Space>
            <PlainText text={o.text} />
            {o.answer !== null ? (
              <div style={{ borderLeft: '3px solid #52c41a', paddingLeft: 12 }}>
                <Typography.Text type="secondary">
                  {t(`${section}.answer`)} · <ShanghaiTime value={o.answeredAt} />
                </Typography.Text>
                <PlainText text={o.answer} />
              </div>
            ) : onAnswer ? (
              <AnswerBox objectionId={o.id} onAnswer={onAnswer} section={section} />
            ) : null}
          </Space>
        </List.Item>
      )}
    />
  );
}

function AnswerBox({ objectionId, onAnswer, section }: { objectionId: string; onAnswer: Answer; section: Props['section'] }) {
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
      message.success(t(`${section}.answerSent`));
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
      <Form.Item name="text" rules={[{ required: true, whitespace: true, max: OBJECTION_TEXT_MAX, message: t(`${section}.answerRule`) }]} style={{ marginBottom: 8 }}>
        <Input.TextArea rows={2} maxLength={OBJECTION_TEXT_MAX} showCount placeholder={t(`${section}.answerPlaceholder`)} data-testid={`answer-text-${objectionId}`} />
      </Form.Item>
      <Button htmlType="submit" type="primary" size="small" loading={busy} data-testid={`answer-submit-${objectionId}`}>
        {t(`${section}.answerSubmit`)}
      </Button>
    </Form>
  );
}
