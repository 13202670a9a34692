// Writes a Kubernetes List to a file one item at a time, in the layout `kubectl get -o json` and
// JSON.stringify(list, null, 4) produce, so a List of any size never has to be held in memory.
import { closeSync, openSync, writeSync } from 'node:fs';

const FLUSH_BYTES = 1024 * 1024;

export const LIST_HEAD = '{\n    "apiVersion": "v1",\n    "items": [';
export const listTail = (empty: boolean) => `${empty ? '' : '\n    '}],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n`;

/** Item text inside a List: indented two levels, as JSON.stringify(list, null, 4) indents it. */
export function listItemText(item: unknown, first: boolean): string {
  return (first ? '\n' : ',\n') + JSON.stringify(item, null, 4).replace(/^/gm, '        ');
}

/** Synchronous (the collector's and generator's Lists are written between awaits), buffered. */
export class ListFileWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  count = 0;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w', 0o600);
    this.write(LIST_HEAD);
  }

  add(item: unknown): void {
    this.write(listItemText(item, this.count === 0));
    this.count++;
  }

  close(): void {
    this.write(listTail(this.count === 0));
    this.flush();
    closeSync(this.fd);
  }

  private write(text: string): void {
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (!this.pending.length) return;
    const buf = Buffer.from(this.pending.join(''));
    let at = 0;
    while (at < buf.length) at += writeSync(this.fd, buf, at, buf.length - at);
    this.pending = [];
    this.pendingBytes = 0;
  }
}
