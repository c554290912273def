'use strict';
/*
 * Entry of a record render thread (render-pool.ts). A worker starts from plain JavaScript whatever
 * runs the main thread (tsx under `npm start`, ts-jest in tests, node for the CLI), so it registers
 * tsx's CommonJS loader itself and then loads the TypeScript implementation, render-thread.ts.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS on purpose: nothing compiles this file */
require('tsx/cjs/api').register();
require('./render-thread.ts');
