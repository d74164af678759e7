// npm run test:fuzz: the hostile-input suite with many more generated cases and a new seed each
// run (printed, and in every test name, so a failure replays with HOSTILE_SEED=<seed>).
import { spawnSync } from "node:child_process";

const seed = process.env.HOSTILE_SEED ?? String(Date.now() % 2 ** 31);
const iterations = process.env.HOSTILE_ITERATIONS ?? "1000";
console.log(`hostile-input fuzz: HOSTILE_SEED=${seed} HOSTILE_ITERATIONS=${iterations}`);
const { status } = spawnSync(process.execPath, ["--test", "--test-reporter=spec", "tests/hostile/"], {
  stdio: "inherit",
  env: { ...process.env, HOSTILE_SEED: seed, HOSTILE_ITERATIONS: iterations },
});
process.exitCode = status ?? 1;
