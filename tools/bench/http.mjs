// ./hub bench http — requests/s of an authenticated record read next to unauthenticated /api/health,
// measured on the same host in the same run, with autocannon as the load generator on loopback.
// Reads spread at random over a working set of records; they are measured as clients send them (served by the
// instance's 1 s read cache when warm) and with Cache-Control: no-cache (a storage read every time).
//
// Options: --duration <s> per round (default 10), --rounds <n> (default 3), --connections <n> (default 32),
//          --records <n> in the working set (default 500).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const options = parseOptions(process.argv.slice(2), { duration: 10, rounds: 3, connections: 32, records: 500 });
const children = [];
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
process.on('SIGINT', () => process.exit(130));

const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
  server.on('error', reject);
});

function parseOptions(args, defaults) {
  const result = { ...defaults };
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i].replace(/^--/, '');
    if (!(name in defaults) || !/^\d+$/.test(args[i + 1] ?? '')) {
      console.error(`usage: ./hub bench http [--duration s] [--rounds n] [--connections n] [--records n]`);
      process.exit(2);
    }
    result[name] = Number(args[i + 1]);
  }
  return result;
}

async function waitFor(check, what, seconds = 60) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try { if (await check()) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not come up within ${seconds} s`);
}

async function startAzurite(name) {
  const [blob, queue, table] = [await freePort(), await freePort(), await freePort()];
  const location = mkdtempSync(join(tmpdir(), `hub-bench-${name}-`));
  children.push(spawn(join(root, 'tools', 'node_modules', '.bin', 'azurite'), [
    '--silent', '--location', location, '--skipApiVersionCheck', '--disableTelemetry', '--loose',
    '--blobHost', '127.0.0.1', '--queueHost', '127.0.0.1', '--tableHost', '127.0.0.1',
    '--blobPort', `${blob}`, '--queuePort', `${queue}`, '--tablePort', `${table}`], { stdio: 'ignore' }));
  process.on('exit', () => rmSync(location, { recursive: true, force: true }));
  const key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
  return `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${key};`
    + `BlobEndpoint=http://127.0.0.1:${blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queue}/devstoreaccount1;`
    + `TableEndpoint=http://127.0.0.1:${table}/devstoreaccount1;`;
}

async function run(url, headers, paths) {
  const requests = paths ? [{ setupRequest: (request) => ({ ...request, path: paths[Math.floor(Math.random() * paths.length)] }) }] : undefined;
  const result = await autocannon({ url, headers, requests, connections: options.connections, duration: options.duration });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total };
}

console.log('bench http: building the host (Release)...');
execFileSync('dotnet', ['build', join(root, 'functions', 'DataGovernance.Functions.csproj'), '-c', 'Release', '--nologo', '-v', 'quiet', '-clp:ErrorsOnly'], { stdio: 'inherit' });
const dll = join(root, 'functions', 'bin', 'Release', 'net10.0', 'DataGovernance.Functions.dll');

const [primary, secondary, port] = [await startAzurite('primary'), await startAzurite('secondary'), await freePort()];
const base = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  ASPNETCORE_URLS: base,
  AzureWebJobsStorage: primary,
  Hub__SecondaryStorage: secondary,
  Hub__DevAuth__Enabled: 'true',
  Hub__DevAuth__SigningKey: randomBytes(32).toString('base64'),
  Hub__Signing__GenerateDevelopmentKey: 'true',
  Hub__Mfa__SecretEncryptionKey: randomBytes(32).toString('base64'),
  Hub__Classification__SubjectIndexKey: randomBytes(32).toString('base64'),
  Logging__LogLevel__Default: 'Warning',
  // The bench measures the pipeline, not the tenant's token bucket: raise the limits out of reach.
  Hub__RateLimits__MaxRequestsPerSecond: '1000000',
  Hub__RateLimits__MaxBurst: '1000000',
  Hub__RateLimits__DefaultRequestsPerSecond: '1000000',
  Hub__RateLimits__DefaultBurst: '1000000',
};
children.push(spawn('dotnet', [dll], { env, cwd: tmpdir(), stdio: ['ignore', 'ignore', 'inherit'] }));
await waitFor(async () => (await fetch(`${base}/api/health/ready`)).ok, 'the hub');

const token = (...args) => execFileSync('dotnet', [dll, 'dev-token', ...args], { env, cwd: tmpdir() }).toString().trim();
const admin = { authorization: `Bearer ${token('--roles', 'PlatformAdmin')}`, 'content-type': 'application/json' };
const tenant = `bench-${randomBytes(4).toString('hex')}`;
let response = await fetch(`${base}/api/admin/tenants`, { method: 'POST', headers: admin,
  body: JSON.stringify({ id: tenant, name: 'Bench', dataResidency: 'eu' }) });
if (response.status !== 201) throw new Error(`tenant creation answered ${response.status}`);
const owner = { authorization: `Bearer ${token('--tenant', tenant, '--roles', 'Owner')}`, 'content-type': 'application/json' };
const paths = [];
for (let i = 0; i < options.records; i += 10) {
  const batch = Array.from({ length: Math.min(10, options.records - i) }, (_, j) => fetch(`${base}/api/tenants/${tenant}/records/controls`, {
    method: 'POST', headers: owner,
    body: JSON.stringify({ code: `AC-${i + j}`, title: 'Quarterly access review', status: 'operating', owner: 'bench' }) }));
  for (const created of await Promise.all(batch)) {
    if (created.status !== 201) throw new Error(`record creation answered ${created.status}`);
    paths.push(`/api/tenants/${tenant}/records/controls/${(await created.json()).id}`);
  }
}
const read = { authorization: owner.authorization };
const uncachedRead = { ...read, 'cache-control': 'no-cache' };

console.log(`bench http: ${paths.length} records; ${options.rounds} rounds of ${options.duration} s per endpoint, ${options.connections} connections, alternating`);
// Every run picks its path per request, so the load generator does the same work for each endpoint.
const healthPaths = ['/api/health'];
await run(base, {}, healthPaths);
await run(base, read, paths);
const health = [];
const record = [];
const uncached = [];
for (let round = 1; round <= options.rounds; round++) {
  health.push(await run(base, {}, healthPaths));
  record.push(await run(base, read, paths));
  uncached.push(await run(base, uncachedRead, paths));
  console.log(`  round ${round}: health ${health.at(-1).rps.toFixed(0)} req/s, record GET ${record.at(-1).rps.toFixed(0)} req/s, `
    + `record GET no-cache ${uncached.at(-1).rps.toFixed(0)} req/s`);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const summarise = (runs) => ({ rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)) });
const [h, r, u] = [summarise(health), summarise(record), summarise(uncached)];
const ratio = r.rps / h.rps;
console.log('');
console.log('| endpoint | requests/s (median of rounds) | ratio to health | p50 ms | p99 ms |');
console.log('|---|---|---|---|---|');
console.log(`| GET /api/health (anonymous, baseline) | ${h.rps.toFixed(0)} | 1.00 | ${h.p50} | ${h.p99} |`);
console.log(`| GET record (bearer token; read cache when warm) | ${r.rps.toFixed(0)} | ${ratio.toFixed(2)} | ${r.p50} | ${r.p99} |`);
console.log(`| GET record, Cache-Control: no-cache (table read each time) | ${u.rps.toFixed(0)} | ${(u.rps / h.rps).toFixed(2)} | ${u.p50} | ${u.p99} |`);
console.log('');
console.log(`ratio record/health: ${ratio.toFixed(2)} (target >= 0.50: ${ratio >= 0.5 ? 'met' : 'NOT met'})`);
process.exit(0);
