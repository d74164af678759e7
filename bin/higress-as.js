#!/usr/bin/env node
// Thin launcher so the published bin works without a build step on the consumer's side.
import "../dist/cli/main.js";
