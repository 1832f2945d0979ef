#!/usr/bin/env node
'use strict';
// The `peican` command: the compiled CLI (built by `npm install` through the `prepare` script).
require('../dist/src/cli/main.js').runCli();
