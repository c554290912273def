import type { AppContext } from './context';
import { withCheckChar } from './auth';
import type { Role } from './auth';

type Seed = { username: string; displayName: string; role: Role; organization?: { name: string; creditCode: string } };

/** The sandbox demo accounts (DESIGN: one agency, three bidders, five evaluators, one supervisor). */
export const DEMO_ACCOUNTS: Seed[] = [
  { username: 'agency', displayName: '金坛区公共资源交易代理', role: 'agency', organization: { name: '金坛招标代理有限公司', creditCode: withCheckChar('91320413MA1XK0001') } },
  { username: 'bidder1', displayName: '张工', role: 'bidder', organization: { name: '常州第一建设有限公司', creditCode: withCheckChar('91320400MA1XB0001') } },
  { username: 'bidder2', displayName: '李工', role: 'bidder', organization: { name: '江苏华通路桥工程有限公司', creditCode: withCheckChar('91320400MA1XB0002') } },
  { username: 'bidder3', displayName: '王工', role: 'bidder', organization: { name: '苏南市政建设集团有限公司', creditCode: withCheckChar('91320400MA1XB0003') } },
  ...[1, 2, 3, 4, 5].map((n): Seed => ({ username: `expert${n}`, displayName: `评标专家${n}`, role: 'evaluator' })),
  { username: 'supervisor', displayName: '交易监督员', role: 'supervisor' },
];

export const DEMO_PASSWORD = 'Demo@2026';

/**
 * First start: the bootstrap admin (ADMIN_USERNAME/ADMIN_PASSWORD, or a printed random password)
 * and, in the sandbox rule set, the demo accounts. Returns lines to print once.
 */
export async function bootstrapAccounts(ctx: AppContext, randomPassword: () => string): Promise<string[]> {
  const lines: string[] = [];
  const { username } = ctx.config.admin;
  if (!(await ctx.auth.listUsers('admin')).length) {
    const password = ctx.config.admin.password ?? randomPassword();
    await ctx.auth.ensureUser({ username, password, displayName: '平台管理员', role: 'admin' }, null);
    lines.push(`admin account: ${username} / ${ctx.config.admin.password ? '(ADMIN_PASSWORD)' : password}`);
  }
  if (ctx.config.demoAccounts && !(await ctx.auth.listUsers('agency')).length) {
    for (const seed of DEMO_ACCOUNTS) {
      await ctx.auth.ensureUser({ ...seed, password: DEMO_PASSWORD }, null);
    }
    lines.push(`demo accounts (password ${DEMO_PASSWORD}): ${DEMO_ACCOUNTS.map((s) => `${s.username} (${s.role})`).join(', ')}`);
  }
  return lines;
}
