// `cni-doctor tui <bundle>`: progress while the bundle is read, then the interactive view. The CLI
// runs the analysis (through the loader it passes) and decides what to do off a terminal.
import { Box, render, Text } from 'ink';
import type { Report } from '../model/report.js';
import { App } from './App.js';
import { clean } from './format.js';

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

/** Reads the bundle (reporting each file read) and gives the Report with the text of its files. */
export type TuiLoader = (onProgress: (e: { file: string; bytes: number }) => void) => Promise<{ report: Report; fileText: (file: string) => string | undefined }>;

/** Shows reading progress, then the view until the user quits. Throws what `load` throws (the CLI maps it). */
export async function runTui(load: TuiLoader, stdout: NodeJS.WriteStream): Promise<void> {
  // The alternate screen keeps the user's scrollback intact, as full-screen terminal programs do.
  stdout.write('\x1b[?1049h');
  let restored = false;
  const restore = () => {
    if (!restored) stdout.write('\x1b[?1049l');
    restored = true;
  };
  process.once('exit', restore);
  const ui = render(<Loading files={0} bytes={0} file="" />, { stdout, exitOnCtrlC: true });
  try {
    let files = 0;
    let bytes = 0;
    let last = 0;
    const { report, fileText } = await load((e) => {
      files++;
      bytes += e.bytes;
      const now = Date.now();
      if (now - last > 80) {
        last = now;
        ui.rerender(<Loading files={files} bytes={bytes} file={e.file} />);
      }
    });
    ui.rerender(<App report={report} fileText={fileText} />);
    await ui.waitUntilExit();
  } catch (err) {
    ui.unmount();
    throw err;
  } finally {
    restore();
  }
}
