// Progress on stderr for anything that can take more than a second. On a terminal one redrawn line;
// elsewhere (CI, a log file) a quiet line now and then. Bundle text is untrusted: control
// characters are shown as `?`, never sent to the terminal.
export interface ProgressIo {
  stderr: (text: string) => void;
  isTTY: boolean;
}

const safe = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');

/** Reading a bundle: files and bytes so far, shown only when reading takes more than a second. */
export function readingProgress(io: ProgressIo) {
  const started = Date.now();
  let files = 0;
  let bytes = 0;
  let shown = false;
  let last = 0;
  return {
    tick(e: { file: string; bytes: number }) {
      files++;
      bytes += e.bytes;
      const now = Date.now();
      if (!io.isTTY || now - started < 1000 || now - last < 100) return;
      last = now;
      shown = true;
      const name = e.file.length > 50 ? `…${e.file.slice(-49)}` : e.file;
      io.stderr(`\r\x1b[2Kreading bundle: ${files} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB — ${safe(name)}`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
      shown = false;
    },
  };
}

/** Steps of a known total (collect): a bar on a terminal, a line every tenth of the way elsewhere. */
export function stepProgress(io: ProgressIo, label: string) {
  let last = 0;
  let lastDecile = -1;
  return {
    tick({ done, total, step }: { done: number; total: number; step: string }) {
      const text = safe(step);
      if (io.isTTY) {
        // Redraw at most five times a second.
        const now = Date.now();
        if (now - last < 200) return;
        last = now;
        const width = 24;
        const filled = Math.round((Math.min(done, total) / Math.max(total, 1)) * width);
        io.stderr(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${text.slice(0, 60)}`);
      } else {
        const decile = Math.floor((Math.min(done, total) / Math.max(total, 1)) * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          io.stderr(`cni-doctor: ${label}: ${done}/${total} steps (${text.slice(0, 80)})\n`);
        }
      }
    },
    done() {
      if (io.isTTY) io.stderr('\r\x1b[2K');
    },
  };
}
