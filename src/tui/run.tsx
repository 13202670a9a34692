// `cni-doctor tui <bundle>`: progress while the bundle is read, then the interactive view. Not a
// terminal (piped, CI): the Markdown report goes to stdout instead, and stderr says so.
import { Box, render, Text } from 'ink';
import { analyzePath } from '../analyze/index.js';
import { renderMarkdown } from '../report/markdown.js';
import { App } from './App.js';
import { clean } from './format.js';

const LOG_BYTES = 8 * 1024 * 1024;

function Loading({ files, bytes, file }: { files: number; bytes: number; file: string }) {
  return (
    <Box flexDirection="column">
      <Text bold>cni-doctor: reading the bundle…</Text>
      <Text>
        {files} files, {(bytes / 1024 / 1024).toFixed(1)} MiB
      </Text>
      <Text dimColor wrap="truncate-end">
        {clean(file)}
      </Text>
    </Box>
  );
}

export interface TuiIo {
  stdout: NodeJS.WriteStream;
  stderr: (text: string) => void;
  toolVersion: string;
}

/** Resolves with the exit code. Throws what analyzePath throws (the CLI maps it). */
export async function runTui(bundle: string, io: TuiIo): Promise<number> {
  if (!io.stdout.isTTY || !process.stdin.isTTY) {
    const { report } = await analyzePath(bundle, { toolVersion: io.toolVersion });
    io.stderr('cni-doctor: not a terminal, so printing the Markdown report instead of the interactive view (use `cni-doctor analyze` for other formats).\n');
    io.stdout.write(renderMarkdown(report));
    return 0;
  }
  // The alternate screen keeps the user's scrollback intact, as full-screen terminal programs do.
  io.stdout.write('\x1b[?1049h');
  let restored = false;
  const restore = () => {
    if (!restored) io.stdout.write('\x1b[?1049l');
    restored = true;
  };
  process.once('exit', restore);
  const ui = render(<Loading files={0} bytes={0} file="" />, { stdout: io.stdout, exitOnCtrlC: true });
  try {
    let files = 0;
    let bytes = 0;
    let last = 0;
    const { report, data } = await analyzePath(bundle, {
      toolVersion: io.toolVersion,
      keepLogBytes: LOG_BYTES,
      onProgress: (e) => {
        files++;
        bytes += e.bytes;
        const now = Date.now();
        if (now - last > 80) {
          last = now;
          ui.rerender(<Loading files={files} bytes={bytes} file={e.file} />);
        }
      },
    });
    ui.rerender(<App report={report} fileText={(p) => data.files.get(p)?.text} />);
    await ui.waitUntilExit();
    return 0;
  } catch (err) {
    ui.unmount();
    throw err;
  } finally {
    restore();
  }
}
