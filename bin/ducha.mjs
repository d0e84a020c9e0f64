#!/usr/bin/env node
// The `ducha` command. The sources are TypeScript; tsx compiles them on the fly,
// so the CLI always runs exactly the code in the working tree.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../core/cli/main.ts');
const code = await main(process.argv.slice(2));
// `serve` keeps running until Ctrl+C; every other command exits with its code.
if (code !== 'running') process.exit(code);
