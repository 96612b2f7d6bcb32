#!/usr/bin/env node
// `npm run demo`: runs demo/main.ts (TypeScript) in this same process through tsx's loader API, so
// there is exactly one process on one port. PORT (default 8787) and HOST (default 127.0.0.1) apply.
import { register } from 'tsx/esm/api';

register();
await import('../demo/main.ts');
