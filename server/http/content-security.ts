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

/**
 * The Content-Security-Policy of the API docs page (/api/docs, Swagger UI from the server's own
 * assets): its scripts are files of this origin (docs-init.js, no inline script, no eval); Swagger UI
 * sets style attributes and draws its icons as data: images; "Try it out" calls this origin only.
 * No framing (clickjacking of "Try it out" with the visitor's token).
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Sets DOCS_CSP and X-Frame-Options DENY on /api/docs and its assets (mounted at /api/docs). The
 * assets are public files, the same for everyone: they keep the static server's caching (1 h).
 */
export const docsSecurityHeaders: RequestHandler = (req, res, next) => {
  res.setHeader('Content-Security-Policy', DOCS_CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  if (req.path.startsWith('/assets/')) {
    res.removeHeader('Cache-Control');
  }
  next();
};

/**
 * Every /api response: not stored by browsers or shared caches (`Cache-Control: no-store`), since most
 * need a token or depend on the caller (a bidder's receipts, records, bid downloads, tender documents
 * for registered bidders). A route whose answer is public and the same for everyone may set its own
 * caching after this (the docs page assets do). And no /api response is shown in another site's frame.
 */
export const apiSecurityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
};
