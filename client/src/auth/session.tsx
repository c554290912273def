import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, onAuthLost, TOKEN_KEY } from '../api/http';
import type { User } from '../api/types';

const USER_KEY = 'tenderhall.user';

type Session = {
  user: User | null;
  signIn(username: string, password: string): Promise<User>;
  signOut(): void;
};

const SessionContext = createContext<Session | null>(null);

function storedUser(): User | null {
  try {
    const raw = localStorage.getItem(USER_KEY);
    return raw && localStorage.getItem(TOKEN_KEY) ? (JSON.parse(raw) as User) : null;
  } catch {
    return null;
  }
}

/** Holds the signed-in user; the token lives in localStorage for api/http.ts. */
export function SessionProvider({ children }: { children: React.ReactNode }) {
  const [user, setUser] = useState<User | null>(storedUser);

  const signOut = useCallback(() => {
    const token = localStorage.getItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
    setUser(null);
    // The server revokes the token (POST /api/auth/logout); a token already refused answers 401, which is fine.
    if (token) {
      void fetch('/api/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
    }
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    const res = await api<{ token: string; user: User }>('/auth/login', { method: 'POST', body: { username, password } });
    localStorage.setItem(TOKEN_KEY, res.token);
    localStorage.setItem(USER_KEY, JSON.stringify(res.user));
    setUser(res.user);
    return res.user;
  }, []);

  useEffect(() => onAuthLost(() => signOut()), [signOut]);

  // Refresh the stored user (role or status may have changed) once per load.
  useEffect(() => {
    if (!localStorage.getItem(TOKEN_KEY)) {
      return;
    }
    api<{ user: User | null }>('/me').then(
      (res) => {
        if (res.user) {
          localStorage.setItem(USER_KEY, JSON.stringify(res.user));
          setUser(res.user);
        }
      },
      () => undefined,
    );
  }, []);

  const value = useMemo(() => ({ user, signIn, signOut }), [user, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) {
    throw new Error('useSession outside SessionProvider');
  }
  return s;
}
