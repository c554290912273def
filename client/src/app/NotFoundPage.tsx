import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('errors.NOT_FOUND')}
      extra={
        <Link to="/tenders">
          <Button type="primary">{t('nav.announcements')}</Button>
        </Link>
      }
    />
  );
}
