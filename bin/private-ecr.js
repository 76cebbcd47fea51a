#!/usr/bin/env node
// The `private-ecr` command: runs the bundled CLI. dist/ is built by `npm ci`/`npm install` (the `prepare`
// script) or `npm run build`.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const bundledCli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundledCli)) {
  console.error(`private-ecr: ${bundledCli} is missing. Build it first: npm run build (from ${path.dirname(__dirname)}).`);
  process.exit(2);
}
require(bundledCli).runFromProcess();
