#!/usr/bin/env node
// Builds the web client once (npm start serves client/dist; no dev server needed).
// Rebuilds when any client source is newer than the last build.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const client = path.join(root, 'client');
const built = path.join(client, 'dist', 'index.html');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

if (!fs.existsSync(path.join(client, 'index.html'))) {
  process.exit(0);
}
if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest(client)) {
  process.exit(0);
}
console.log('building the web client (once)…');
const viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
execFileSync(process.execPath, [viteBin, 'build', '--config', path.join(client, 'vite.config.ts')], {
  cwd: root,
  stdio: 'inherit',
});
