import electronLog from 'electron-log/node';
import { createFileLogger, type FileLogger, type FileLoggerOptions } from './file-logger';

// Browser mode and the CLI run in plain Node: electron-log/node, one fresh instance per file so
// two loggers (tests, a library switch) never share hooks or settings.

let instances = 0;

export function createNodeFileLogger(options: FileLoggerOptions): FileLogger {
  const base = electronLog.create({ logId: `wan-studio-${process.pid}-${++instances}` });
  return createFileLogger(base, options);
}
