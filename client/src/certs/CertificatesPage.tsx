import { App, Alert, Button, Card, Form, Input, Modal, Popconfirm, Progress, Space, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Certificate } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { errorText } from '../components/errors';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { useApi } from '../components/use-api';
import { generateKeyPair, makeCsr, makePkcs12 } from '../crypto';
import { enroll, listCertificates, revokeCertificate, saveBytes } from './certs-api';

type EnrollForm = { password: string; confirm: string };
type Step = 'idle' | 'key' | 'csr' | 'enroll' | 'p12' | 'done';

/**
 * 数字证书: the user's certificates, revocation, and enrollment. The key pair is generated in this
 * page (WebCrypto), only the CSR is sent, and the private key leaves the page only inside the
 * password-protected PKCS#12 the user downloads. Nothing is kept in storage.
 */
export function CertificatesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const list = useApi((signal) => listCertificates(signal), [user?.id]);
  const [open, setOpen] = useState(false);
  const [step, setStep] = useState<Step>('idle');
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<EnrollForm>();

  async function apply(v: EnrollForm) {
    setError(null);
    try {
      setStep('key');
      const keys = await generateKeyPair(2048);
      setStep('csr');
      const csr = makeCsr(keys, user?.displayName ?? 'TenderHall');
      setStep('enroll');
      const cert = await enroll(csr);
      setStep('p12');
      const p12 = makePkcs12(keys.privateKey, cert.certificate, cert.chain, v.password, cert.subject);
      saveBytes(p12, `tenderhall-${user?.username ?? 'user'}-${cert.serialNumber.slice(0, 8)}.p12`, 'application/x-pkcs12');
      setStep('done');
      message.success(t('certs.issued'));
      list.reload();
    } catch (e) {
      setStep('idle');
      setError(e);
    }
  }

  async function revoke(c: Certificate) {
    try {
      await revokeCertificate(c.id, t('certs.revokedByHolder'));
      message.success(t('certs.revokedDone'));
      list.reload();
    } catch (e) {
      message.error(errorText(t, e));
    }
  }

  const steps: Step[] = ['key', 'csr', 'enroll', 'p12', 'done'];
  const busy = step !== 'idle' && step !== 'done';

  return (
    <Card
      title={
        <Space>
          <SafetyCertificateOutlined />
          {t('certs.title')}
        </Space>
      }
      extra={
        <Button type="primary" data-testid="cert-apply" onClick={() => { setOpen(true); setStep('idle'); setError(null); form.resetFields(); }}>
          {t('certs.apply')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('certs.intro')}</Typography.Paragraph>
      <ErrorAlert error={list.error} style={{ marginBottom: 12 }} />
      <Table<Certificate>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: t('certs.none') }}
        onRow={(c) => ({ 'data-testid': 'cert-row', 'data-status': c.status } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('certs.subject'), dataIndex: 'subject' },
          { title: t('certs.serial'), dataIndex: 'serialNumber', render: (s: string) => <Typography.Text code copyable>{s}</Typography.Text> },
          { title: t('certs.validity'), render: (_: unknown, c) => <span><ShanghaiTime value={c.notBefore} /> ~ <ShanghaiTime value={c.notAfter} /></span> },
          {
            title: t('certs.status'),
            render: (_: unknown, c) =>
              c.status === 'valid' ? <Tag color="green">{t('certs.valid')}</Tag> : <Tag color="red" title={c.revokedReason ?? ''}>{t('certs.revoked')}</Tag>,
          },
          {
            title: t('common.actions'),
            render: (_: unknown, c) =>
              c.status === 'valid' ? (
                <Popconfirm title={t('certs.revokeConfirm')} onConfirm={() => void revoke(c)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                  <Button danger size="small" data-testid="cert-revoke">{t('certs.revoke')}</Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <Modal
        open={open}
        title={t('certs.apply')}
        onCancel={() => !busy && setOpen(false)}
        footer={null}
        destroyOnHidden
        maskClosable={!busy}
      >
        {step === 'done' ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="success" showIcon title={t('certs.downloaded')} description={t('certs.keepSafe')} data-testid="cert-done" />
            <Button block onClick={() => setOpen(false)}>{t('common.confirm')}</Button>
          </Space>
        ) : (
          <Form form={form} layout="vertical" onFinish={(v) => void apply(v)} disabled={busy}>
            <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('certs.localKey')} />
            <Form.Item name="password" label={t('certs.p12Password')} rules={[{ required: true, min: 8, message: t('certs.passwordRule') }]}>
              <Input.Password data-testid="cert-password" autoComplete="new-password" />
            </Form.Item>
            <Form.Item
              name="confirm"
              label={t('certs.p12PasswordAgain')}
              dependencies={['password']}
              rules={[
                { required: true, message: t('certs.passwordRule') },
                ({ getFieldValue }) => ({
                  validator: (_r, value) => (value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('certs.passwordMismatch')))),
                }),
              ]}
            >
              <Input.Password data-testid="cert-password-confirm" autoComplete="new-password" />
            </Form.Item>
            {busy ? (
              <div style={{ marginBottom: 16 }} data-testid="cert-progress">
                <Progress percent={Math.round((steps.indexOf(step) / (steps.length - 1)) * 100)} status="active" />
                <Typography.Text type="secondary">{t(`certs.step.${step}`)}</Typography.Text>
              </div>
            ) : null}
            <ErrorAlert error={error} style={{ marginBottom: 16 }} />
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="cert-submit">
              {t('certs.generate')}
            </Button>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
