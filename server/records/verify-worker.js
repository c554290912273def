'use strict';
/*
 * Entry of a record verify thread (verify-pool.ts), as render-worker.js is of a render thread: it
 * registers tsx's CommonJS loader and loads the TypeScript implementation, verify-thread.ts.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS on purpose: nothing compiles this file */
require('tsx/cjs/api').register();
require('./verify-thread.ts');
