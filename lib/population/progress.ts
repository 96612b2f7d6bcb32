// A progress bar on stderr: done/total, records/s and ETA. Redrawn at most 5 times a second.
export class Progress {
  private start = performance.now();
  private last = 0;
  constructor(
    private label: string,
    private total: number,
    private unit: string,
    private out: NodeJS.WriteStream = process.stderr,
  ) {}

  /** `count` is what the rate counts when it differs from what the bar measures (bytes read vs records). */
  update(done: number, count = done, force = false): void {
    const t = performance.now();
    if (!force && t - this.last < 200) return;
    this.last = t;
    const secs = (t - this.start) / 1000;
    const rate = secs > 0 ? count / secs : 0;
    const unitRate = secs > 0 ? done / secs : 0;
    const frac = this.total > 0 ? Math.min(1, done / this.total) : 1;
    const eta = unitRate > 0 && this.total > done ? Math.ceil((this.total - done) / unitRate) : 0;
    const width = 24;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    const line = `${this.label} [${bar}] ${Math.round(frac * 100)}% ${Math.round(rate).toLocaleString('en')} ${this.unit}/s ETA ${eta}s`;
    this.out.write(this.out.isTTY ? `\r${line}` : `${line}\n`);
  }

  done(done: number, count = done): void {
    this.update(done, count, true);
    if (this.out.isTTY) this.out.write('\n');
  }
}
