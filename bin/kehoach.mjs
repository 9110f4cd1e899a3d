#!/usr/bin/env node
// Shim for the `kehoach` bin: Kehoach has no build step, so TypeScript runs through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
