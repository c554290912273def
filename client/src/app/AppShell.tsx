import { App, Button, Dropdown, Grid, Layout, Menu, Skeleton, Space, Tag, Typography } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api, onSessionEnded } from '../api/http';
import type { Role } from '../api/types';
import { useSession } from '../auth/session';
import { setLang } from '../i18n';

type NavItem = { key: string; label: string; roles?: Role[]; hidden?: boolean };

/** Header with the role's menu, the language switch and the user menu; pages below. */
export function AppShell() {
  const { t, i18n } = useTranslation();
  const { user, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const wide = Grid.useBreakpoint().md !== false; // phones (360–414 px): a compact header, no subtitle
  // 单位成员 is for the organization's administrator (its first account): GET /org/members answers only it.
  const [orgAdminOf, setOrgAdminOf] = useState<string | null>(null);
  const bidderId = user?.role === 'bidder' ? user.id : null;
  useEffect(() => {
    if (!bidderId) {
      return;
    }
    const ctrl = new AbortController();
    api('/org/members', { signal: ctrl.signal }).then(
      () => setOrgAdminOf(bidderId),
      () => undefined,
    );
    return () => ctrl.abort();
  }, [bidderId]);

  // A socket told `signed-out` (issue 13, 6): say so and go to the login page.
  useEffect(
    () =>
      onSessionEnded(() => {
        message.warning({ content: t('auth.sessionEnded'), key: 'session-ended' });
        navigate('/login', { replace: true, state: { from: location.pathname } });
      }),
    [message, navigate, t, location.pathname],
  );

  const items: NavItem[] = [
    { key: '/tenders', label: t('nav.announcements') },
    { key: '/agency/tenders', label: t('nav.myTenders'), roles: ['agency'] },
    { key: '/bidder/registrations', label: t('nav.myRegistrations'), roles: ['bidder'] },
    { key: '/bidder/notifications', label: t('nav.notifications'), roles: ['bidder'] },
    { key: '/bidder/members', label: t('nav.orgMembers'), roles: ['bidder'], hidden: !bidderId || orgAdminOf !== bidderId },
    { key: '/evaluator/tenders', label: t('evaluation.list.title'), roles: ['evaluator', 'supervisor'] },
    { key: '/admin/users', label: t('nav.users'), roles: ['admin'] },
    { key: '/admin/experts', label: t('experts.nav'), roles: ['admin'] },
    { key: '/admin/trusted-roots', label: t('nav.trustedRoots'), roles: ['admin'] },
    { key: '/certs', label: t('nav.certs'), roles: ['bidder', 'agency', 'evaluator', 'supervisor', 'admin'] },
    { key: '/records/verify', label: t('records.verify.nav') },
  ];
  const visible = items.filter((i) => !i.hidden && (!i.roles || (user && i.roles.includes(user.role))));
  const selected = visible.filter((i) => location.pathname.startsWith(i.key)).map((i) => i.key);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: wide ? 24 : 8, paddingInline: wide ? 24 : 12 }}>
        <Link to="/tenders" style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          <strong style={{ fontSize: 18 }}>{t('app.name')}</strong>
          {wide ? <span style={{ marginInlineStart: 8, opacity: 0.85 }}>{t('app.subtitle')}</span> : null}
        </Link>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={selected}
          style={{ flex: 1, minWidth: 0 }}
          items={visible.map((i) => ({ key: i.key, label: <Link to={i.key}>{i.label}</Link> }))}
        />
        <Space>
          <Button size="small" data-testid="lang-switch" onClick={() => setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}>
            {t('lang.switch')}
          </Button>
          {user ? (
            <Dropdown
              menu={{
                items: [{ key: 'logout', label: t('nav.logout') }],
                onClick: () => {
                  signOut();
                  navigate('/tenders');
                },
              }}
            >
              <Button type="text" style={{ color: '#fff' }} data-testid="user-menu" icon={<UserOutlined />}>
                {user.displayName} {wide ? <Tag style={{ marginInlineStart: 6 }}>{t(`role.${user.role}`)}</Tag> : null}
              </Button>
            </Dropdown>
          ) : (
            <>
              <Link to="/login" data-testid="nav-login">
                <Button size="small" type="primary">
                  {t('nav.login')}
                </Button>
              </Link>
              <Link to="/signup">
                <Button size="small">{t('nav.signup')}</Button>
              </Link>
            </>
          )}
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: wide ? 24 : 12, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <Suspense fallback={<Skeleton active />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
      <Layout.Footer style={{ textAlign: 'center' }}>
        <Typography.Text type="secondary">TenderHall · {t('app.subtitle')} · {t('tender.timesNote')}</Typography.Text>
      </Layout.Footer>
    </Layout>
  );
}
