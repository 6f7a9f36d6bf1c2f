// Preloaded into every process the bench times (`node --import <this> ...`): at exit, writes the
// process's peak RSS in KiB to the file named by GWCTL_BENCH_RSS. Peak RSS is only known to the
// process itself, and spawnSync does not report its child's resource usage.
import { writeFileSync } from 'node:fs';

const file = process.env['GWCTL_BENCH_RSS'];
if (file) {
  process.on('exit', () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
