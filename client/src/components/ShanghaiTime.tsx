import { formatShanghai } from './shanghai-time';

/** Shows an ISO time as Asia/Shanghai wall time, e.g. 2026-12-25 09:30:00. */
export function ShanghaiTime({ value, empty = '—' }: { value: string | null | undefined; empty?: string }) {
  if (!value) {
    return <span>{empty}</span>;
  }
  return (
    <time dateTime={value} title={`${value} (UTC)`} style={{ whiteSpace: 'nowrap' }}>
      {formatShanghai(value)}
    </time>
  );
}
