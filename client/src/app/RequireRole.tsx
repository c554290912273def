import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import type { Role } from '../api/types';
import { useSession } from '../auth/session';

/** Route guard: signed out → login (and back); wrong role → 403 page. */
export function RequireRole({ roles, children }: { roles: Role[]; children: React.ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (!user) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  if (!roles.includes(user.role)) {
    return <Result status="403" title="403" subTitle={t('errors.FORBIDDEN')} />;
  }
  return <>{children}</>;
}
