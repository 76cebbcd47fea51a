// Preloaded by bench/support/stats.ts into a measured child: writes its own resource usage at exit.
const fs = require('fs');
const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    try {
      fs.writeFileSync(file, JSON.stringify(process.resourceUsage()));
    } catch {
      // Nothing to report to: the bench shows the figures as missing.
    }
  });
}
