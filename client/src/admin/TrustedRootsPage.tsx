import { App, Button, Card, Form, Input, Modal, Popconfirm, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrustedRoot } from '../api/types';
import { addTrustedRoot, getCa, removeTrustedRoot } from '../certs/certs-api';
import { ErrorAlert } from '../components/ErrorAlert';
import { applyFieldErrors, errorText } from '../components/errors';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { useApi } from '../components/use-api';

/** CA 互认: the platform CA and the external roots an admin trusts for signing bids. */
export function TrustedRootsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ca = useApi((signal) => getCa(signal), []);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ name: string; certificate: string }>();

  async function add(v: { name: string; certificate: string }) {
    setError(null);
    try {
      await addTrustedRoot(v.name, v.certificate.trim());
      message.success(t('roots.added'));
      setOpen(false);
      form.resetFields();
      ca.reload();
    } catch (e) {
      applyFieldErrors(form, e, (p) => p === 'name' || p === 'certificate');
      setError(e);
    }
  }

  async function remove(r: TrustedRoot) {
    try {
      await removeTrustedRoot(r.id);
      message.success(t('roots.removed'));
      ca.reload();
    } catch (e) {
      message.error(errorText(t, e));
    }
  }

  return (
    <Card title={t('roots.title')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="root-add">{t('roots.add')}</Button>}>
      <ErrorAlert error={ca.error} />
      <Typography.Title level={5}>{t('roots.platformCa')}</Typography.Title>
      <Typography.Paragraph>
        <pre style={{ maxHeight: 160, overflow: 'auto', fontSize: 12 }} data-testid="platform-ca">{ca.data?.certificate ?? ''}</pre>
      </Typography.Paragraph>
      <Typography.Title level={5}>{t('roots.external')}</Typography.Title>
      <Table<TrustedRoot>
        rowKey="id"
        loading={ca.loading}
        dataSource={ca.data?.trustedRoots ?? []}
        pagination={false}
        locale={{ emptyText: t('roots.none') }}
        columns={[
          { title: t('roots.name'), dataIndex: 'name' },
          { title: 'SHA-256', dataIndex: 'sha256', render: (s: string) => <Typography.Text code style={{ fontSize: 12 }}>{s}</Typography.Text> },
          { title: t('roots.addedAt'), dataIndex: 'addedAt', render: (v: string) => <ShanghaiTime value={v} /> },
          {
            title: t('common.actions'),
            render: (_: unknown, r) => (
              <Popconfirm title={t('roots.removeConfirm')} onConfirm={() => void remove(r)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                <Button danger size="small">{t('roots.remove')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal open={open} title={t('roots.add')} onCancel={() => setOpen(false)} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => void add(v)}>
          <Form.Item name="name" label={t('roots.name')} rules={[{ required: true, max: 200 }]}>
            <Input data-testid="root-name" />
          </Form.Item>
          <Form.Item name="certificate" label={t('roots.pem')} rules={[{ required: true, pattern: /-----BEGIN CERTIFICATE-----/, message: t('roots.pemRule') }]}>
            <Input.TextArea rows={8} style={{ fontFamily: 'monospace', fontSize: 12 }} data-testid="root-pem" placeholder="-----BEGIN CERTIFICATE-----" />
          </Form.Item>
          <ErrorAlert error={error} />
        </Form>
      </Modal>
    </Card>
  );
}
