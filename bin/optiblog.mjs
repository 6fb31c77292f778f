#!/usr/bin/env node
// The optiblog command line: see `optiblog --help`. The logic lives in cli/lib/.
import { main } from "../cli/lib/main.mjs";

process.exitCode = await main(process.argv.slice(2));
