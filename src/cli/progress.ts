/** A progress bar with an ETA on stderr for long commands (PLT-4). */
export function progressBar(label: string) {
  const t0 = Date.now();
  let last = 0;
  const tty = process.stderr.isTTY;
  return {
    update(done: number, total: number) {
      const now = Date.now();
      if (now - last < 200 && done < total) return;
      last = now;
      const frac = total > 0 ? done / total : 1;
      const eta = frac > 0 ? ((now - t0) / frac - (now - t0)) / 1000 : 0;
      const width = 30;
      const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
      const line = `${label} ${bar} ${done.toLocaleString()}/${total.toLocaleString()} ${(frac * 100).toFixed(0)}% ETA ${eta.toFixed(0)} s`;
      process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
