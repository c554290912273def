import { Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EvaluationView, Flag } from './eval-types';
import { bidName, criterionName, memberName } from './eval-view';
import { resolveFlag } from './evaluation-api';
import { ReasonAction } from './ReasonAction';

/** Deviation flags (a score far from the mean); the chair keeps each with a note or returns the member's scores. */
export function FlagsList({ view, canResolve, onDone }: { view: EvaluationView; canResolve: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const resolve = async (flag: Flag, resolution: 'kept' | 'returned', note: string) => {
    await resolveFlag(view.tenderId, flag.id, resolution, note);
    onDone();
  };
  return (
    <Card title={t('evaluation.review.flags')} size="small" data-testid="eval-flags">
      <List<Flag>
        size="small"
        dataSource={view.flags}
        locale={{ emptyText: t('evaluation.review.noFlags') }}
        renderItem={(f) => (
          <List.Item data-testid={`flag-${f.id}`} data-resolution={f.resolution ?? ''}>
            <Space direction="vertical" size={0}>
              <Typography.Text>
                {t('evaluation.review.flagText', {
                  member: memberName(view, f.member),
                  bidder: bidName(view, f.bid),
                  criterion: criterionName(view, f.criterion),
                  score: f.score,
                  mean: f.mean,
                })}
              </Typography.Text>
              {f.note ? <Typography.Text type="secondary">{f.note}</Typography.Text> : null}
            </Space>
            {f.resolution ? (
              <Tag color={f.resolution === 'kept' ? 'blue' : 'orange'}>{t(`evaluation.review.resolved.${f.resolution}`)}</Tag>
            ) : canResolve ? (
              <Space>
                <ReasonAction label={t('evaluation.review.keep')} title={t('evaluation.review.keep')} placeholder={t('evaluation.review.note')} testId={`flag-${f.id}-keep`} onSubmit={(note) => resolve(f, 'kept', note)} />
                <ReasonAction
                  label={t('evaluation.review.returnForReview')}
                  title={t('evaluation.review.returnForReview')}
                  placeholder={t('evaluation.review.note')}
                  testId={`flag-${f.id}-return`}
                  buttonProps={{ danger: true }}
                  onSubmit={(note) => resolve(f, 'returned', note)}
                />
              </Space>
            ) : (
              <Tag>{t('evaluation.review.open')}</Tag>
            )}
          </List.Item>
        )}
      />
    </Card>
  );
}
