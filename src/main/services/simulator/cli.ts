import { parseArgs } from 'node:util';
import { startSimulator } from './server';

// `npm run sim -- [--port N] [--key K] [--url-ttl MS] [--task-ms MS] [--quiet]`
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    host: { type: 'string', default: '127.0.0.1' },
    key: { type: 'string', default: 'sim-key' },
    'url-ttl': { type: 'string' },
    'task-ms': { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

const toNumber = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));

try {
  const sim = await startSimulator({
    port: Number(values.port),
    host: values.host,
    key: values.key,
    urlTtlMs: toNumber(values['url-ttl']),
    taskDurationMs: toNumber(values['task-ms']),
    log: values.quiet ? undefined : (line) => console.log(`[sim] ${line}`),
  });
  console.log(`Wan simulator listening`);
  console.log(`  base URL: ${sim.baseUrl}   (OpenAI-compatible gateway)`);
  console.log(`  native:   ${sim.nativeBaseUrl}   (DashScope: --provider-kind dashscope)`);
  console.log(`  API key:  ${sim.key}`);
  console.log(
    `Try: WAN_BASE_URL=${sim.baseUrl} WAN_API_KEY=${sim.key} npx wan-studio generate "一间有着精致窗户的花店"`,
  );
  const stop = (): void => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  const code = (err as { code?: string }).code;
  console.error(
    code === 'EADDRINUSE'
      ? `Port ${values.port} is in use — pass another with --port.`
      : `Could not start the simulator: ${String(err)}`,
  );
  process.exit(1);
}
