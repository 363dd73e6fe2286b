// Extracts a .vsix (a zip archive) with node:zlib, so the runner needs no unzip tool.
// Reads the central directory; supports the stored and deflated methods vsce writes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIR = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

export function unzip(zipFile, destination) {
  const buf = readFileSync(zipFile);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== END_OF_CENTRAL_DIR) eocd--;
  if (eocd < 0) throw new Error(`${zipFile} is not a zip archive`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== CENTRAL_ENTRY) throw new Error(`${zipFile}: bad central directory entry ${i}`);
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const localOffset = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    const target = path.resolve(destination, name);
    if (!target.startsWith(path.resolve(destination) + path.sep)) throw new Error(`${zipFile}: entry ${name} points outside the folder`);
    if (name.endsWith('/')) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    if (buf.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new Error(`${zipFile}: bad local header for ${name}`);
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    const data = buf.subarray(dataStart, dataStart + compressedSize);
    let content;
    if (method === 0) content = data;
    else if (method === 8) content = inflateRawSync(data);
    else throw new Error(`${zipFile}: ${name} uses unsupported compression method ${method}`);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    names.push(name);
  }
  return names;
}
