import { THROTTLE } from '../../../server/auth';
import { dialects } from '../../support/dialects';
import { buildUser } from '../../support/factories';
import { useTestWorld } from '../../support/test-app';

/**
 * Issue 7, point 6: login brute force. Wrong passwords for one account are slowed and then locked,
 * answered with the contract's JSON error and a Retry-After; the answers for an unknown username are
 * the same (the throttle does not tell whether an account exists); one address guessing across many
 * usernames is cut off (429 + Retry-After), while other addresses and other accounts still sign in.
 * Addresses come from X-Forwarded-For (the app trusts the loopback proxy).
 */

type Answer = { status: number; code: string | undefined; retryAfter: number | null };

// NOTE: the per-address limiter lives in module memory for the whole file: each dialect uses its own addresses.
dialects().forEach((dialect, d) => {
  describe(`login brute force [${dialect}]`, () => {
    const world = useTestWorld(dialect);
    const ip = (n: number): string => `203.0.${113 + d}.${n}`;

    const login = async (username: string, password: string, from: string): Promise<Answer> => {
      const res = await world().http().post('/api/auth/login').set('X-Forwarded-For', from).send({ username, password });
      const retry = res.headers['retry-after'] as string | undefined;
      if (res.status >= 400) {
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(Object.keys(res.body)).toEqual(['error']);
        expect(typeof res.body.error.message).toBe('string');
      }
      return { status: res.status, code: res.body.error?.code, retryAfter: retry === undefined ? null : Number(retry) };
    };

    /** Wrong passwords from one address: free failures, then 429s with Retry-After, then the lock. */
    const hammer = async (username: string, from: string): Promise<Answer[]> => {
      const w = world();
      const answers: Answer[] = [];
      for (let i = 0; i < THROTTLE.freeFailures; i++) {
        answers.push(await login(username, 'wrong-Passw0rd', from));
      }
      answers.push(await login(username, 'wrong-Passw0rd', from)); // too soon
      for (let i = THROTTLE.freeFailures; i < THROTTLE.lockAfter; i++) {
        w.clock.advance(10 * 60 * 1000);
        answers.push(await login(username, 'wrong-Passw0rd', from));
      }
      answers.push(await login(username, 'wrong-Passw0rd', from)); // locked
      return answers;
    };

    it('slows and then locks one account under wrong passwords with JSON errors and Retry-After, exactly as it does an unknown username', async () => {
      const w = world();
      const victim = await buildUser(w, 'bidder');
      const known = await hammer(victim.username, ip(1));
      expect(known.slice(0, THROTTLE.freeFailures).every((a) => a.status === 401 && a.code === 'INVALID_CREDENTIALS')).toBe(true);
      const tooSoon = known[THROTTLE.freeFailures];
      expect(tooSoon).toEqual({ status: 429, code: 'RATE_LIMITED', retryAfter: THROTTLE.baseDelayMs / 1000 });
      const locked = known[known.length - 1];
      expect(locked).toEqual({ status: 423, code: 'ACCOUNT_LOCKED', retryAfter: THROTTLE.lockMs / 1000 });
      // Even the right password waits out the lock; the Retry-After counts down.
      w.clock.advance(60_000);
      expect(await login(victim.username, 'Passw0rd!', ip(1))).toEqual({ status: 423, code: 'ACCOUNT_LOCKED', retryAfter: THROTTLE.lockMs / 1000 - 60 });

      // The same sequence for a username nobody has: no way to tell the two apart.
      const unknown = await hammer(`nobody_${victim.username}`, ip(2));
      expect(unknown).toEqual(known);

      // Another account, from another address, signs in meanwhile; the victim after the lock.
      const other = await buildUser(w, 'agency');
      expect((await login(other.username, 'Passw0rd!', ip(3))).status).toBe(200);
      w.clock.advance(THROTTLE.lockMs);
      expect((await login(victim.username, 'Passw0rd!', ip(1))).status).toBe(200);
    }, 60_000);

    it('cuts off one address guessing across many usernames with 429 and Retry-After, while other addresses still sign in', async () => {
      const w = world();
      const user = await buildUser(w, 'bidder');
      const guesser = ip(50);
      const answers: Answer[] = [];
      // Each guess is a different username, so the per-account throttle never engages.
      for (let i = 0; i < 60 && answers.every((a) => a.status !== 429); i++) {
        answers.push(await login(`${user.username}_guess${i}`, 'Passw0rd!', guesser));
      }
      const cut = answers[answers.length - 1];
      expect(answers.slice(0, -1).every((a) => a.status === 401 && a.code === 'INVALID_CREDENTIALS')).toBe(true);
      expect(answers.length).toBeGreaterThan(10);
      expect(cut.status).toBe(429);
      expect(cut.code).toBe('RATE_LIMITED');
      expect(cut.retryAfter).toBeGreaterThan(0);
      // The cut-off address gets nothing more, not even with a correct password; other addresses do.
      expect((await login(user.username, 'Passw0rd!', guesser)).status).toBe(429);
      expect(await login(user.username, 'Passw0rd!', ip(51))).toEqual({ status: 200, code: undefined, retryAfter: null });
    }, 60_000);
  });
});
