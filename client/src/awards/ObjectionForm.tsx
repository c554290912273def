import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { applyFieldErrors } from '../components/errors';
import { TEXT_MAX } from './award-view';
import { raiseObjection } from './awards-api';

/** 异议: a bidder whose bid was opened objects to the candidates during publicity (the server checks who may). */
export function ObjectionForm({ tenderId, open, onRaised }: { tenderId: string; open: boolean; onRaised: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function send(v: { text: string }) {
    setBusy(true);
    setError(null);
    try {
      await raiseObjection(tenderId, v.text.trim());
      message.success(t('awards.objectionRaised'));
      form.resetFields();
      onRaised();
    } catch (e) {
      applyFieldErrors(form, e);
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={t('awards.raiseObjection')} data-testid="objection-form">
      <Typography.Paragraph type={open ? 'secondary' : 'warning'} data-testid="objection-window" data-open={String(open)}>
        {open ? t('awards.objectionHint') : t('awards.objectionClosed')}
      </Typography.Paragraph>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Form form={form} onFinish={(v) => void send(v)} disabled={busy || !open} layout="vertical">
        <Form.Item name="text" rules={[{ required: true, whitespace: true, max: TEXT_MAX, message: t('awards.objectionRule') }]}>
          <Input.TextArea rows={4} maxLength={TEXT_MAX} showCount placeholder={t('awards.objectionPlaceholder')} data-testid="objection-text" />
        </Form.Item>
        <Button htmlType="submit" type="primary" loading={busy} data-testid="objection-submit">
          {t('common.submit')}
        </Button>
      </Form>
    </Card>
  );
}
