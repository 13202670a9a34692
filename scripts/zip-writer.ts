// Packs a directory into a .zip as cilium sysdump writes one (deflated entries under one top
// directory), one file at a time: each file is deflated to a scratch file while its CRC is taken,
// then copied behind a local header that already knows its sizes, so memory never holds a file.
// Not zip64: every file and the archive stay under 4 GiB (checked), which a generated bundle does.
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

const LIMIT = 0xffffffff;

export async function zipDirectory(root: string, output: string, top: string): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'cni-doctor-zip-'));
  const out = createWriteStream(output);
  const write = async (b: Buffer) => {
    if (!out.write(b)) await once(out, 'drain');
  };
  const centrals: Buffer[] = [];
  let offset = 0;
  let count = 0;
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(root, r)).isDirectory()) walk(r);
      else files.push(r);
    }
  };
  walk('');
  try {
    for (const rel of files) {
      const abs = path.join(root, rel);
      const size = statSync(abs).size;
      let crc = 0;
      const deflated = path.join(scratch, 'body');
      await pipeline(
        createReadStream(abs),
        new Transform({ transform(chunk: Buffer, _e, done) { crc = crc32(chunk, crc); done(null, chunk); } }),
        createDeflateRaw({ level: 6 }),
        createWriteStream(deflated),
      );
      const compressed = statSync(deflated).size;
      if (size > LIMIT || compressed > LIMIT || offset > LIMIT) throw new Error(`${rel}: too large for a zip without zip64`);
      const name = Buffer.from(`${top}/${rel}`, 'utf8');
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x800, 6); // UTF-8 names
      local.writeUInt16LE(8, 8); // deflate
      local.writeUInt16LE(0x0021, 12); // 1980-01-01, a fixed date: the bytes are deterministic
      local.writeUInt32LE(crc >>> 0, 14);
      local.writeUInt32LE(compressed, 18);
      local.writeUInt32LE(size, 22);
      local.writeUInt16LE(name.length, 26);
      await write(local);
      await write(name);
      for await (const chunk of createReadStream(deflated)) await write(chunk as Buffer);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(0x800, 8);
      central.writeUInt16LE(8, 10);
      central.writeUInt16LE(0x0021, 14);
      central.writeUInt32LE(crc >>> 0, 16);
      central.writeUInt32LE(compressed, 20);
      central.writeUInt32LE(size, 24);
      central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
      central.writeUInt32LE(offset, 42);
      centrals.push(central, name);
      offset += 30 + name.length + compressed;
      count++;
    }
    if (count > 0xffff) throw new Error(`${count} files: too many for a zip without zip64`);
    const cd = Buffer.concat(centrals);
    await write(cd);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(count, 8);
    end.writeUInt16LE(count, 10);
    end.writeUInt32LE(cd.length, 12);
    end.writeUInt32LE(offset, 16);
    out.end(end);
    await once(out, 'finish');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
