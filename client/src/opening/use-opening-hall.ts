import { useEffect, useState, useSyncExternalStore } from 'react';
import { getToken } from '../api/http';
import { connectHall, type HallConnection, type HallView } from './hall-connection';

const IDLE: HallView = { state: null, fallback: null, status: 'connecting', error: null, offsetMs: null };
const noop = () => () => undefined;

/** The live hall of one tender: connects on mount (again when the signed-in user changes), closes on unmount. */
export function useOpeningHall(tenderId: string, userId: string | null): { view: HallView; hall: HallConnection | null } {
  const [conn, setConn] = useState<HallConnection | null>(null);
  useEffect(() => {
    const c = connectHall(tenderId, getToken());
    setConn(c);
    return () => {
      c.close();
      setConn(null);
    };
  }, [tenderId, userId]);
  const view = useSyncExternalStore(conn?.subscribe ?? noop, conn ? conn.getView : () => IDLE);
  return { view, hall: conn };
}

/** Server time now (ms since epoch), ticking every second; null until the offset is known. */
export function useServerNow(offsetMs: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return offsetMs === null ? null : now + offsetMs;
}
