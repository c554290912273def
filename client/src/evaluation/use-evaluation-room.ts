import { useEffect, useState, useSyncExternalStore } from 'react';
import { getToken } from '../api/http';
import { connectRoom, IDLE_ROOM, type RoomConnection, type RoomView } from './room-connection';

const noop = () => () => undefined;

/** The live evaluation room of one tender: connects on mount (again when the signed-in user changes), closes on unmount. */
export function useEvaluationRoom(tenderId: string, userId: string | null): { room: RoomView; conn: RoomConnection | null } {
  const [conn, setConn] = useState<RoomConnection | null>(null);
  useEffect(() => {
    const c = connectRoom(tenderId, getToken());
    setConn(c);
    return () => {
      c.close();
      setConn(null);
    };
  }, [tenderId, userId]);
  const room = useSyncExternalStore(conn?.subscribe ?? noop, conn ? conn.getRoom : () => IDLE_ROOM);
  return { room, conn };
}
