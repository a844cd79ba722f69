import { writeFileSync } from 'node:fs';

/**
 * Loaded with `node --import` into a measured process: on exit it writes the process's own
 * resource usage (CPU time, peak RSS of all its threads) where BENCH_USAGE_FILE says.
 */
const target = process.env.BENCH_USAGE_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssKb: usage.maxRSS }));
  });
}
