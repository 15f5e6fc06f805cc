/**
 * Progress with rate and ETA on stderr, via cli-progress (a maintained bar that also degrades to plain lines when
 * stderr is a log file, which is how long training runs in the background).
 */
import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, extra?: string): void;
  stop(): void;
}

export function startProgress(label: string, total: number): Progress {
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} {percentage}% | {rate}/s | ETA {eta_formatted} {extra}`,
    stream: process.stderr,
    noTTYOutput: true,
    notTTYSchedule: 15000,
    etaBuffer: 200,
    hideCursor: true,
  });
  const started = Date.now();
  bar.start(total, 0, { rate: '0.0', extra: '' });
  return {
    update(done, extra = '') {
      const seconds = (Date.now() - started) / 1000;
      bar.update(done, { rate: (done / Math.max(seconds, 1e-3)).toFixed(1), extra });
    },
    stop() {
      bar.stop();
    },
  };
}
