import type { Express } from 'express';

/** A router layer as Express 5 (router 2.x) keeps it: a route, or a mounted router with its mount path. */
type Layer = { rawPath?: unknown; route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

/** "METHOD /full/path" (Express syntax, e.g. GET /api/tenders/:tenderId) for every route the app serves. */
export function servedRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        const { path, methods } = layer.route;
        out.push(...Object.keys(methods).map((m) => `${m.toUpperCase()} ${prefix}${path}`));
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return out;
}

/** The routes of the JSON API (under /api). */
export function apiRoutes(app: Express): string[] {
  return servedRoutes(app).filter((r) => r.split(' ')[1]?.startsWith('/api/'));
}
