import { App, Badge, Button, Card, List, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/http';
import type { Notification } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { ShanghaiTime } from '../components/ShanghaiTime';
import { errorText } from '../components/errors';
import { useApi } from '../components/use-api';

/** Notifications (clarifications of tenders the bidder registered for); mark as read. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useApi((signal) => api<{ items: Notification[] }>('/me/notifications', { signal }), []);

  async function markRead(n: Notification) {
    try {
      await api(`/me/notifications/${n.id}/read`, { method: 'POST' });
      list.reload();
    } catch (e) {
      message.error(errorText(t, e));
    }
  }

  return (
    <Card title={t('nav.notifications')} extra={<Button onClick={list.reload}>{t('common.refresh')}</Button>}>
      <ErrorAlert error={list.error} style={{ marginBottom: 16 }} />
      <List<Notification>
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('notif.none') }}
        renderItem={(n) => (
          <List.Item
            actions={n.readAt ? [] : [<Button key="read" size="small" onClick={() => void markRead(n)}>{t('notif.markRead')}</Button>]}
          >
            <List.Item.Meta
              avatar={<Badge status={n.readAt ? 'default' : 'processing'} />}
              title={<Link to={n.kind === 'clarification' ? `/tenders/${n.tenderId}` : `/tenders/${n.tenderId}/results`} data-testid={`notification-${n.kind}`}>{n.title}</Link>}
              description={
                <Space>
                  <span>{t(`notif.kind.${n.kind}`, { defaultValue: n.kind })}</span>
                  <Typography.Text type="secondary">
                    <ShanghaiTime value={n.createdAt} />
                  </Typography.Text>
                  <span>{n.readAt ? t('notif.read') : t('notif.unread')}</span>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
