#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('cairn: the app is not built yet: run `npm run build` (or `npm start`) first\n');
  process.exit(1);
}
require(cli);
