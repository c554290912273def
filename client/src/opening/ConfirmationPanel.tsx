import { App, Button, Form, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { applyFieldErrors } from '../components/errors';
import { ShanghaiTime } from '../components/ShanghaiTime';
import type { HallMe } from './hall-types';

export const TEXT_MAX = 2000;

/** The bidder's answer to the record in the confirmation window: confirm it, or object (异议) in text. */
export function ConfirmationPanel({ me, onConfirm, onObject }: { me: HallMe; onConfirm: () => Promise<unknown>; onObject: (text: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState<'confirm' | 'object' | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function run(kind: 'confirm' | 'object', fn: () => Promise<unknown>, done: string) {
    setBusy(kind);
    setError(null);
    try {
      await fn();
      message.success(done);
      return true;
    } catch (e) {
      applyFieldErrors(form, e);
      setError(e);
      return false;
    } finally {
      setBusy(null);
    }
  }

  async function object(v: { text: string }) {
    if (await run('object', () => onObject(v.text.trim()), t('opening.objectionRaised'))) {
      form.resetFields();
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>{t('opening.confirm.title')}</Typography.Text>
      {me.confirmedAt ? (
        <Tag color="green" icon={<CheckOutlined />} data-testid="hall-confirmed">
          {t('opening.confirm.done')} · <ShanghaiTime value={me.confirmedAt} />
        </Tag>
      ) : (
        <Popconfirm title={t('opening.confirm.confirmText')} onConfirm={() => void run('confirm', onConfirm, t('opening.confirm.done'))} okText={t('common.confirm')} cancelText={t('common.cancel')}>
          <Button type="primary" block loading={busy === 'confirm'} icon={<CheckOutlined />} data-testid="hall-confirm">
            {t('opening.confirm.button')}
          </Button>
        </Popconfirm>
      )}
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" onFinish={(v) => void object(v)} disabled={busy !== null}>
        <Form.Item
          name="text"
          label={t('opening.raiseObjection')}
          rules={[{ required: true, whitespace: true, max: TEXT_MAX, message: t('opening.objectionRule') }]}
          style={{ marginBottom: 8 }}
        >
          <Input.TextArea rows={3} maxLength={TEXT_MAX} showCount placeholder={t('opening.objectionPlaceholder')} data-testid="objection-text" />
        </Form.Item>
        <Button htmlType="submit" danger loading={busy === 'object'} data-testid="objection-submit">
          {t('opening.raiseObjection')}
        </Button>
      </Form>
    </Space>
  );
}
