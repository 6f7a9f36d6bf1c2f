// Preloaded into every process the bench times (`node --import <this> ...`): at exit, writes the
// process's own peak RSS (KiB) and CPU time (user + system over all its threads, ms) as JSON to the
// file named by GWCTL_BENCH_USAGE. Only the process itself knows them: spawnSync does not report its
// child's resource usage. CPU time is steadier than wall time on a shared VM, so the bench reports both.
import { writeFileSync } from 'node:fs';

const file = process.env['GWCTL_BENCH_USAGE'];
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}
