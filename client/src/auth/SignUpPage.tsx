import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api/http';
import { ErrorAlert } from '../components/ErrorAlert';
import { applyFieldErrors } from '../components/errors';
import { isValidCreditCode } from './credit-code';

type Values = { username: string; password: string; confirm: string; displayName: string; orgName: string; creditCode: string };

/** Bidder self-registration: organization name and 统一社会信用代码, checked before sending. */
export function SignUpPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function onFinish(v: Values) {
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ user: { status: string } }>('/auth/register', {
        method: 'POST',
        body: { username: v.username, password: v.password, displayName: v.displayName, organization: { name: v.orgName, creditCode: v.creditCode } },
      });
      // A new account of an organization that already has one waits for its administrator's approval.
      if (res.user.status === 'pending') {
        message.info(t('auth.signedUpPending'), 10);
      } else {
        message.success(t('auth.signedUp'));
      }
      navigate('/login');
    } catch (e) {
      // Server paths are organization.name / organization.creditCode; the form's are flat.
      const renamed = remapPaths(e, (key) => t(key));
      applyFieldErrors(form, renamed);
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const req = (field: string) => ({ required: true, message: t('auth.required', { field }) });
  return (
    <Card title={t('auth.signupTitle')} style={{ maxWidth: 520, margin: '32px auto' }}>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={onFinish} data-testid="signup-form">
        <Form.Item name="orgName" label={t('auth.orgName')} rules={[req(t('auth.orgName')), { min: 2, max: 64, message: t('auth.nameIssues.tooLong') }]}>
          <Input data-testid="signup-org-name" />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={t('auth.creditCode')}
          normalize={(v: string) => v.toUpperCase().trim()}
          rules={[
            req(t('auth.creditCode')),
            { pattern: /^[0-9A-Z]{18}$/, message: t('auth.creditCodeFormat') },
            {
              validator: async (_r, v: string) => {
                if (v && /^[0-9A-Z]{18}$/.test(v) && !isValidCreditCode(v)) {
                  throw new Error(t('auth.creditCodeInvalid'));
                }
              },
            },
          ]}
        >
          <Input maxLength={18} data-testid="signup-credit-code" placeholder="91320400MA1XB0001X" />
        </Form.Item>
        <Form.Item name="displayName" label={t('auth.displayName')} rules={[req(t('auth.displayName')), { max: 64, message: t('auth.nameIssues.tooLong') }]}>
          <Input data-testid="signup-display-name" />
        </Form.Item>
        <Form.Item name="username" label={t('auth.username')} rules={[req(t('auth.username')), { pattern: /^[A-Za-z0-9_.-]{3,64}$/, message: '3–64: A-Z a-z 0-9 _ . -' }]}>
          <Input autoComplete="username" data-testid="signup-username" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} extra={t('auth.passwordHint')} rules={[req(t('auth.password')), { min: 8, max: 128, message: t('auth.passwordHint') }]}>
          <Input.Password autoComplete="new-password" data-testid="signup-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.confirmPassword')}
          dependencies={['password']}
          rules={[
            req(t('auth.confirmPassword')),
            ({ getFieldValue }) => ({
              validator: async (_r, v: string) => {
                if (v && v !== getFieldValue('password')) {
                  throw new Error(t('auth.passwordMismatch'));
                }
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="signup-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="signup-submit">
          {t('auth.signup')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
        <Link to="/login">{t('auth.haveAccount')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}

/** The server's stable field messages for names (server/auth/names.ts NAME_ISSUES) → i18n keys. */
const NAME_ISSUE_KEYS: Record<string, string> = {
  'contains control or bidirectional characters': 'auth.nameIssues.forbidden',
  'longer than the 64 characters a certificate holds': 'auth.nameIssues.tooLong',
  'this organization name is registered under another credit code': 'auth.nameIssues.orgNameTaken',
  'this credit code is registered under another organization name': 'auth.nameIssues.creditCodeOtherName',
};

function remapPaths(e: unknown, translate: (key: string) => string): unknown {
  if (!(e instanceof ApiError)) {
    return e;
  }
  const map: Record<string, string> = { 'organization.name': 'orgName', 'organization.creditCode': 'creditCode' };
  const fields = e.fields.map((f) => ({ path: map[f.path] ?? f.path, message: NAME_ISSUE_KEYS[f.message] ? translate(NAME_ISSUE_KEYS[f.message] as string) : f.message }));
  if (e.code === 'INVALID_CREDIT_CODE' && fields.length === 0) {
    fields.push({ path: 'creditCode', message: e.message });
  }
  return new ApiError(e.status, e.code, e.message, fields);
}
