// The server side of SPDY/3.1 as kubectl before 1.30 speaks it for `exec` (client-go's spdy
// round tripper over moby/spdystream): after the HTTP/1.1 101 upgrade, the client opens one SPDY
// stream per channel (error, stdout, stderr, stdin, resize; the `streamtype` header says which) and
// waits for each SYN_REPLY; the server writes the output, the exit status on the error stream, and
// ends every stream with FIN. Only what that needs is here: SYN_STREAM/SYN_REPLY, DATA, PING,
// GOAWAY; SETTINGS, WINDOW_UPDATE, HEADERS and RST_STREAM are read and ignored.
//
// No library: the SPDY packages on npm speak HTTP over SPDY and refuse a SYN_STREAM without
// `:method`/`:path`, which is every stream kubectl opens. The protocol is frozen (2012).
import type { Socket } from 'node:net';
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from 'node:zlib';
import { SPDY3_DICTIONARY } from './spdy-dictionary.js';

const VERSION = 3;
const SYN_STREAM = 1;
const SYN_REPLY = 2;
const PING = 6;
const GOAWAY = 7;
const FLAG_FIN = 0x01;
/** Larger frames are split; well under spdystream's and the 24-bit length field's limits. */
const MAX_DATA = 16 * 1024;
/** A header block past this is not a kubectl stream. */
const MAX_HEADERS = 64 * 1024;

export type SpdyStreamType = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';

/** Runs `fn` on each zlib stream's output for one input, serialised (the contexts are stateful). */
function zlibStep(z: Deflate | Inflate, input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_HEADERS) {
        z.off('data', onData);
        reject(new Error('header block too large'));
        return;
      }
      chunks.push(c);
    };
    const onError = (err: Error) => {
      z.off('data', onData);
      reject(err);
    };
    z.on('data', onData);
    z.once('error', onError);
    z.write(input);
    z.flush(constants.Z_SYNC_FLUSH, () => {
      z.off('data', onData);
      z.off('error', onError);
      resolve(Buffer.concat(chunks));
    });
  });
}

function encodeHeaders(headers: Record<string, string>): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [k, v] of entries) parts.push(u32(Buffer.byteLength(k)), Buffer.from(k), u32(Buffer.byteLength(v)), Buffer.from(v));
  return Buffer.concat(parts);
}

function decodeHeaders(buf: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  const read = () => {
    if (at + 4 > buf.length) throw new Error('truncated header block');
    const len = buf.readUInt32BE(at);
    at += 4;
    if (at + len > buf.length) throw new Error('truncated header block');
    const s = buf.subarray(at, at + len).toString('latin1');
    at += len;
    return s;
  };
  if (buf.length < 4) throw new Error('truncated header block');
  const n = buf.readUInt32BE(0);
  at = 4;
  for (let i = 0; i < n && i < 256; i++) {
    const k = read().toLowerCase();
    out[k] = read();
  }
  return out;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function controlFrame(type: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8000 | VERSION, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE(((flags & 0xff) << 24) | data.length, 4);
  return Buffer.concat([head, data]);
}

function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE(((flags & 0xff) << 24) | data.length, 4);
  return Buffer.concat([head, data]);
}

/**
 * One exec session over an upgraded socket. `ready` resolves once the client has opened every
 * stream it asked for in the query (error always; stdout, stderr, stdin as requested; resize with a
 * TTY), or with what it opened when it stops opening them.
 */
export class SpdyExecSession {
  private readonly inflate = createInflate({ dictionary: SPDY3_DICTIONARY });
  private readonly deflate = createDeflate({ dictionary: SPDY3_DICTIONARY });
  private buffered: Buffer = Buffer.alloc(0);
  private chain: Promise<void> = Promise.resolve();
  private readonly streams = new Map<SpdyStreamType, number>();
  private closed = false;
  readonly ready: Promise<Set<SpdyStreamType>>;
  private resolveReady!: (s: Set<SpdyStreamType>) => void;

  constructor(
    private readonly socket: Socket,
    head: Buffer,
    private readonly expected: Set<SpdyStreamType>,
    waitMs = 5000,
  ) {
    this.ready = new Promise((r) => (this.resolveReady = r));
    // Streams that never come (a client that asked for less): go on with those that did.
    const timer = setTimeout(() => this.resolveReady(new Set(this.streams.keys())), waitMs);
    void this.ready.then(() => clearTimeout(timer));
    this.inflate.on('error', () => this.destroy());
    this.deflate.on('error', () => this.destroy());
    socket.on('data', (c: Buffer) => this.onData(c));
    socket.on('close', () => this.destroy());
    socket.on('error', () => this.destroy());
    if (head.length) this.onData(head);
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    while (this.buffered.length >= 8) {
      const length = this.buffered.readUInt32BE(4) & 0xffffff;
      if (this.buffered.length < 8 + length) break;
      const frame = this.buffered.subarray(0, 8 + length);
      this.buffered = this.buffered.subarray(8 + length);
      this.chain = this.chain.then(() => this.onFrame(frame)).catch(() => this.destroy());
    }
  }

  private async onFrame(frame: Buffer): Promise<void> {
    if (!(frame[0]! & 0x80)) return; // DATA from the client (stdin): nothing reads it
    const type = frame.readUInt16BE(2);
    const body = frame.subarray(8);
    if (type === SYN_STREAM) {
      const streamId = body.readUInt32BE(0) & 0x7fffffff;
      // The header block goes through the connection's inflater even when it is not needed: the
      // zlib context is shared by every block that follows.
      const headers = decodeHeaders(await zlibStep(this.inflate, body.subarray(10)));
      await this.send(controlFrame(SYN_REPLY, 0, Buffer.concat([u32(streamId), await zlibStep(this.deflate, encodeHeaders({}))])));
      const kind = headers.streamtype as SpdyStreamType | undefined;
      if (kind && ['error', 'stdin', 'stdout', 'stderr', 'resize'].includes(kind)) this.streams.set(kind, streamId);
      if ([...this.expected].every((k) => this.streams.has(k))) this.resolveReady(new Set(this.streams.keys()));
    } else if (type === PING) {
      await this.send(frame); // answered with the same id
    } else if (type === GOAWAY) {
      this.destroy();
    }
  }

  private send(buf: Buffer): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.socket.write(buf, () => resolve()));
  }

  /** Writes to a stream the client opened (silently nothing if it did not open that one). */
  write(kind: SpdyStreamType, data: Buffer): Promise<void> {
    const id = this.streams.get(kind);
    if (id === undefined || !data.length) return Promise.resolve();
    this.chain = this.chain.then(async () => {
      for (let at = 0; at < data.length; at += MAX_DATA) await this.send(dataFrame(id, 0, data.subarray(at, at + MAX_DATA)));
    });
    return this.chain;
  }

  /** Ends every stream (FIN), then the connection once the client has read them. */
  async end(): Promise<void> {
    this.chain = this.chain.then(async () => {
      // The error stream last: client-go reads it to its end to learn the exit status.
      const order: SpdyStreamType[] = ['stdout', 'stderr', 'resize', 'stdin', 'error'];
      for (const k of order) {
        const id = this.streams.get(k);
        if (id !== undefined) await this.send(dataFrame(id, FLAG_FIN, Buffer.alloc(0)));
      }
    });
    await this.chain;
    // kubectl closes the connection itself when it has what it needs; a client that does not is let go.
    setTimeout(() => this.destroy(), 2000).unref();
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.resolveReady(new Set(this.streams.keys()));
    this.socket.destroy();
    this.inflate.close();
    this.deflate.close();
  }
}
