#!/usr/bin/env node
'use strict';
// The `tenderhall` bid tool (npx tenderhall …): runs the TypeScript CLI in cli/ through tsx.
require('tsx/cjs');
const { main } = require('../cli/main.ts');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`tenderhall: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
