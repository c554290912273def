import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import type { Role } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from './session';

const HOME: Record<Role, string> = {
  agency: '/agency/tenders',
  bidder: '/bidder/registrations',
  admin: '/admin/users',
  evaluator: '/tenders',
  supervisor: '/tenders',
};

/** Sign-in with username and password; returns to the page that asked for it. */
export function LoginPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;

  async function onFinish(values: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(values.username, values.password);
      message.success(t('auth.welcome', { name: user.displayName }));
      navigate(from ?? HOME[user.role], { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('auth.loginTitle')} style={{ maxWidth: 420, margin: '48px auto' }}>
      <ErrorAlert error={error} style={{ marginBottom: 16 }} />
      <Form layout="vertical" onFinish={onFinish} data-testid="login-form" requiredMark={false}>
        <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('auth.required', { field: t('auth.username') }) }]}>
          <Input autoComplete="username" data-testid="login-username" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.required', { field: t('auth.password') }) }]}>
          <Input.Password autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
          {t('auth.login')}
        </Button>
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0 }}>
        <Link to="/signup">{t('auth.noAccount')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
