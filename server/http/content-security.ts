import type { RequestHandler } from 'express';

/**
 * The Content-Security-Policy of the web client's pages: scripts only from this origin (no inline
 * script, no eval), so text that slips into the page as markup still cannot run. antd writes its
 * CSS-in-JS into <style> elements and React sets style attributes, hence style-src 'unsafe-inline'.
 * Downloads (saveBlob) navigate to blob: URLs, which CSP does not govern.
 */
export const CLIENT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets CLIENT_CSP (and refuses framing, for browsers without frame-ancestors) on the client's pages and assets. */
export const clientSecurityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', CLIENT_CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  next();
};
