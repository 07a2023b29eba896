#!/usr/bin/env node
// Launcher: everything lives in dist/cli.cjs, one CommonJS file (build.mjs says why).
'use strict';
require('../dist/cli.cjs').run();
