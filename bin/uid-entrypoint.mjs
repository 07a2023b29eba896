#!/usr/bin/env node
// Launcher: everything lives in the one bundle.
import { run } from '../dist/cli.mjs';

run();
