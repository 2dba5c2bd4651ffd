// The program of the hashing thread (hash-sink.ts starts it with `eval`: it needs only Node's own
// modules, so the app, the CLI bundle and tsx load it alike, without a build entry of its own).
//
// Each sink hashes its chunks in order and writes them to the temp file, one of two ways:
// - direct (Linux, a file system that takes O_DIRECT): chunks are copied into page-aligned blocks
//   (a WebAssembly memory starts on a page) and each full block goes to the device with an async
//   positional write on the libuv pool, two blocks in flight, while hashing goes on. On the bench
//   machine, writing through the page cache and its write-back cost as much CPU as sha256 (see
//   export/direct-io.ts); a direct write a tenth. The tail goes out padded to 4096 and the file is
//   cut to its length, then one fdatasync makes size and disk cache durable.
// - buffered (macOS, Windows, tmpfs, or O_DIRECT refused once in this process): writev on the
//   caller's fd, flushed with fdatasync as it streams (see `flush`).
// The thread opens and closes the direct fd itself; if the thread dies (a bug), that fd stays open
// until the process ends, since the caller cannot tell it from a number reused since.
export const HASH_SINK_THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const ALIGN = 4096;
const sinks = new Map();
// Direct I/O refused once (tmpfs, a file system without it, a kernel that finds a buffer
// misaligned): this process writes buffered from then on.
let isDirectOff = fs.constants.O_DIRECT === undefined;
const spareMemory = [];
const plain = (e) => ({ message: String(e && e.message), code: e && e.code, syscall: e && e.syscall, errno: e && e.errno });
const isRefusal = (e) => e && (e.code === 'EINVAL' || e.code === 'ENOTSUP' || e.code === 'EOPNOTSUPP');
function fail(id, s, e) {
  if (s.failed) return;
  s.failed = true;
  parentPort.postMessage({ id, type: 'failed', error: plain(e) });
}
// fdatasync runs on the libuv pool, so hashing and writing go on beside it. The pool is the
// process's (4 threads, shared with every fs call and sharp), and a flush can wait long on a busy
// disk, so flushes as the bytes stream take one thread at most, for all downloads together. The
// last flush of a download starts at once, beside one still running: each starts the write-back
// of what is dirty when it begins, so the disk keeps working and the last has little left.
let streaming = 0;
function flush(id, s) {
  if (s.failed || s.unsynced === 0 || s.syncing >= 2) return;
  const isLast = s.ending;
  if (!isLast && (s.unsynced < s.every || s.syncing > 0 || streaming > 0)) return;
  s.unsynced = 0;
  s.syncing++;
  if (!isLast) streaming++;
  fs.fdatasync(s.fd, (e) => {
    s.syncing--;
    if (!isLast) streaming--;
    if (e) fail(id, s, e);
    flush(id, s);
    settle(id, s);
    // The pool thread is free again: other downloads due a flush may take it (oldest first).
    if (!isLast) for (const [other, t] of sinks) if (t !== s) flush(other, t);
  });
}
function settle(id, s) {
  if (!s.ending || s.syncing > 0 || (s.direct && !s.direct.isDone) || !sinks.has(id)) return;
  sinks.delete(id);
  if (s.direct && spareMemory.length < 4) spareMemory.push(s.direct.memory);
  if (s.closing) parentPort.postMessage({ id, type: 'closed' });
  else {
    const isDirect = Boolean(s.direct && !s.direct.isBuffered);
    parentPort.postMessage({ id, type: 'done', sha256: s.failed ? null : s.hash.digest('hex'), isDirect });
  }
}
// Buffered: positional, so blocks a refused direct write hands back can land anywhere.
function writeBuffered(s, views, position) {
  // writev may write less than asked (a disk filling up does exactly that), so loop.
  while (views.length > 0) {
    let left = fs.writevSync(s.fd, views, position);
    if (left === 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO', syscall: 'write' });
    s.unsynced += left;
    position += left;
    while (views.length > 0 && left >= views[0].byteLength) left -= views.shift().byteLength;
    if (left > 0) views[0] = views[0].subarray(left);
  }
  return position;
}
function openDirect(s, path, blockBytes) {
  if (isDirectOff || !path) return;
  let dfd;
  try {
    dfd = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_DIRECT);
  } catch (e) {
    if (isRefusal(e)) isDirectOff = true;
    return;
  }
  let memory = spareMemory.pop();
  if (!memory || memory.byteLength !== 2 * blockBytes)
    memory = new Uint8Array(new WebAssembly.Memory({ initial: (2 * blockBytes) / 65536 }).buffer);
  const blocks = [memory.subarray(0, blockBytes), memory.subarray(blockBytes)];
  s.direct = { dfd, memory, blocks, free: [1, 0], current: -1, fill: 0, position: 0, inFlight: 0,
    queue: [], hasTail: false, isPadded: false, isDone: false, isBuffered: false, size: blockBytes };
}
// Copies queued chunks into free blocks and sends each full one; at the end, the tail.
function pump(id, s) {
  const d = s.direct;
  let taken = 0;
  while (d.queue.length > 0) {
    const v = d.queue[0];
    if (s.failed) {
      taken += v.byteLength;
      d.queue.shift();
      continue;
    }
    if (d.current < 0) {
      if (d.free.length === 0) break;
      d.current = d.free.pop();
      d.fill = 0;
    }
    const n = Math.min(v.byteLength, d.size - d.fill);
    d.blocks[d.current].set(n === v.byteLength ? v : v.subarray(0, n), d.fill);
    d.fill += n;
    taken += n;
    if (n === v.byteLength) d.queue.shift();
    else d.queue[0] = v.subarray(n);
    if (d.fill === d.size) send(id, s, d.size);
  }
  if (taken > 0) parentPort.postMessage({ id, type: 'written', bytes: taken });
  if (!s.ending || d.queue.length > 0) return;
  if (!d.hasTail) {
    d.hasTail = true;
    if (d.current >= 0 && d.fill > 0 && !s.failed) send(id, s, d.fill);
  }
  if (d.inFlight === 0 && !d.isDone) finishDirect(id, s);
}
function send(id, s, length) {
  const d = s.direct;
  const index = d.current;
  const block = d.blocks[index];
  const position = d.position;
  const padded = Math.ceil(length / ALIGN) * ALIGN;
  if (padded > length) {
    block.fill(0, length, padded);
    d.isPadded = true;
  }
  d.current = -1;
  d.position += length;
  d.inFlight++;
  const done = (e) => {
    d.inFlight--;
    if (e) fail(id, s, e);
    d.free.push(index);
    pump(id, s);
  };
  const next = (offset) => {
    if (isDirectOff) {
      // Refused earlier (by this sink or another): the block goes through the page cache.
      d.isBuffered = true;
      try {
        writeBuffered(s, [block.subarray(0, length)], position);
      } catch (e) {
        return done(e);
      }
      return done();
    }
    fs.write(d.dfd, block, offset, padded - offset, position + offset, (e, written) => {
      if (e && isRefusal(e) && offset === 0) {
        isDirectOff = true;
        return next(0);
      }
      if (!e && written === 0) e = Object.assign(new Error('write made no progress'), { code: 'EIO', syscall: 'write' });
      if (e) return done(e);
      if (offset + written < padded) return next(offset + written);
      done();
    });
  };
  next(0);
}
function finishDirect(id, s) {
  const d = s.direct;
  d.isDone = true;
  try {
    if (!s.failed && d.isPadded) fs.ftruncateSync(d.dfd, d.position);
  } catch (e) {
    fail(id, s, e);
  }
  try {
    fs.closeSync(d.dfd);
  } catch (e) {
    fail(id, s, e);
  }
  // One fdatasync for the size and the disk's cache (the data went to the device already).
  s.unsynced = 1;
  flush(id, s);
  settle(id, s);
}
parentPort.on('message', (m) => {
  if (m.type === 'open') {
    const s = { fd: m.fd, every: m.syncEveryBytes, hash: createHash('sha256'), unsynced: 0, position: 0 };
    sinks.set(m.id, Object.assign(s, { syncing: 0, failed: false, ending: false, closing: false, direct: undefined }));
    openDirect(s, m.path, m.blockBytes);
    return;
  }
  const s = sinks.get(m.id);
  if (!s) return;
  if (m.type === 'write') {
    const views = m.buffers.map((b) => new Uint8Array(b));
    if (!s.failed) for (const v of views) s.hash.update(v);
    if (s.direct) {
      for (const v of views) if (v.byteLength > 0) s.direct.queue.push(v);
      return pump(m.id, s);
    }
    if (!s.failed) {
      try {
        s.position = writeBuffered(s, views, s.position);
      } catch (e) {
        fail(m.id, s, e);
      }
      flush(m.id, s);
    }
    parentPort.postMessage({ id: m.id, type: 'written', bytes: m.bytes });
    return;
  }
  // 'end' flushes what is left and answers with the hash; 'close' stops touching the file.
  s.ending = true;
  if (m.type === 'close') Object.assign(s, { closing: true, failed: true });
  if (s.direct && !s.direct.isDone) return pump(m.id, s);
  flush(m.id, s);
  settle(m.id, s);
});
`;
