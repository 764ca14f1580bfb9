/**
 * The workbench in a real headless Chromium (Debian's `chromium`, driven by playwright-core; no browser is ever
 * downloaded): a chart is built and run through the page, and what the page shows is checked against the proxy's
 * own answer for the same spec, signed here by the test. Also: the proxy's error text reaches the page, a test
 * event is accepted, and requests without the token or with a foreign Host are refused.
 * `.ci/run` installs the chromium package when /usr/bin/chromium is missing.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { QuerySpec } from '../../../protocol/contract';
import { ENGINES } from '../../../proxy/src/engines/registry';
import { startLocalServer } from '../../../proxy/src/local';
import { TEST_CREDENTIALS } from '../../../tools/localProxy/testProxy';
import { generateSampleLake } from '../../../tools/sampleLake/sampleData';
import { signedFetch } from '../../../tools/signing/signedFetch';
import { createSqlLog, recordingRegistrations, startWorkbench, type Workbench } from '../../../tools/workbench';

const CHROMIUM = '/usr/bin/chromium';
const OUTPUT_DIR = resolve(__dirname, '..', '..', '..', 'test-output');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let root: string;
let proxy: Awaited<ReturnType<typeof startLocalServer>>;
let workbench: Workbench;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  root = mkdtempSync(join(tmpdir(), 'workbench-test-'));
  await generateSampleLake({ out: join(root, 'lake'), rows: 3000, days: 10, endDate: '2026-10-31' });
  const sqlLog = createSqlLog();
  proxy = await startLocalServer({
    lakeDir: join(root, 'lake'),
    port: 0,
    credentials: TEST_CREDENTIALS,
    region: 'us-east-1',
    engines: recordingRegistrations(ENGINES, sqlLog),
    log: () => undefined,
  });
  workbench = await startWorkbench({
    proxyUrl: proxy.url,
    credentials: { ...TEST_CREDENTIALS, region: 'us-east-1' },
    sqlLog,
  });
  context = await chromium.launchPersistentContext(join(root, 'chromium-profile'), {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  page = await context.newPage();
  await page.goto(workbench.url);
  await page.getByRole('combobox', { name: 'Table' }).selectOption('lake.food_delivery_1_0_0');
  await page.getByRole('group', { name: 'Metrics' }).getByRole('checkbox', { name: 'Record Count' }).waitFor();
}, 30_000);

afterAll(async () => {
  await context?.close();
  await workbench?.close();
  await proxy?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

async function chooseFields(dimensions: string[], metrics: string[]): Promise<void> {
  for (const [groupName, wanted] of [
    ['Dimensions', dimensions],
    ['Metrics', metrics],
  ] as const) {
    const group = page.getByRole('group', { name: groupName });
    for (const box of await group.getByRole('checkbox').all()) await box.setChecked(false);
    for (const label of wanted) await group.getByRole('checkbox', { name: label, exact: true }).check();
  }
}

async function runAndWait(): Promise<void> {
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/query'));
  await page.getByRole('button', { name: 'Run' }).click();
  await answered;
  await page.waitForFunction(() => !document.getElementById('run')?.hasAttribute('aria-busy'));
}

async function proxyAnswer(spec: QuerySpec) {
  return signedFetch(proxy.url, TEST_CREDENTIALS, { method: 'POST', path: '/v1/queries', body: JSON.stringify(spec) });
}

describe('the workbench in Chromium', () => {
  it('builds a chart whose rows are the API answer for the same spec, with its SQL, stats and a chart', async () => {
    await chooseFields(['Date'], ['Record Count']);
    await page.getByLabel('Start date').fill('2026-10-25');
    await page.getByLabel('End date').fill('2026-10-31');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByLabel('Filter 1 field').selectOption('status');
    await page.getByLabel('Filter 1 operator').selectOption('IN_LIST');
    await page.getByLabel('Filter 1 values').fill('delivered, cancelled');
    await runAndWait();

    const spec: QuerySpec = {
      database: 'lake',
      table: 'food_delivery_1_0_0',
      fields: [{ name: 'dt' }, { name: 'record_count' }],
      dateColumn: 'dt',
      dateRange: { startDate: '2026-10-25', endDate: '2026-10-31' },
      timeZone: 'UTC',
      dimensionsFilters: [
        [{ fieldName: 'status', values: ['delivered', 'cancelled'], type: 'INCLUDE', operator: 'IN_LIST' }],
      ],
      limit: 1000,
    };
    const api = await proxyAnswer(spec);
    expect(api.status).toBe(200);
    const results = page.getByRole('table', { name: 'Results' });
    const shown = await results
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)));
    expect(shown).toHaveLength(7);
    expect(shown).toEqual((api.json.rows as unknown[][]).map((row) => row.map(String)));
    expect(await results.locator('thead th').allTextContents()).toEqual(['dt', 'record_count']);

    const sql = page.getByRole('region', { name: 'SQL' });
    await expect(sql.textContent()).resolves.toMatch(
      /SELECT .* FROM "lake"\."food_delivery_1_0_0" WHERE .*'delivered'/s,
    );
    const stats = await page.getByRole('region', { name: 'Stats' }).textContent();
    expect(stats).toContain(`stats.bytesScanned${api.json.stats.bytesScanned.toLocaleString('en-US')}`);
    expect(stats).toContain('cost (Athena list price, USD)');

    const chart = page.getByRole('region', { name: 'Chart', exact: true });
    await expect(chart.getByRole('img', { name: 'record_count by dt' }).locator('path.line').count()).resolves.toBe(1);
    mkdirSync(OUTPUT_DIR, { recursive: true });
    await chart.screenshot({ path: join(OUTPUT_DIR, 'workbench-chart.png') });
    await page.screenshot({ path: join(OUTPUT_DIR, 'workbench-page.png'), fullPage: true });
    expect(existsSync(join(OUTPUT_DIR, 'workbench-chart.png'))).toBe(true);
  });

  it('draws bars for a text dimension', async () => {
    await chooseFields(['Status'], ['Distance (km) (Average)']);
    await runAndWait();
    const bars = page.getByRole('region', { name: 'Chart', exact: true }).locator('rect.bar');
    const rows = await page.getByRole('table', { name: 'Results' }).locator('tbody tr').count();
    expect(rows).toBeGreaterThan(1);
    await expect(bars.count()).resolves.toBe(rows);
  });

  it('shows the proxy error text for a bad request', async () => {
    await page.getByLabel('Start date').fill('2026-10-31');
    await page.getByLabel('End date').fill('2026-10-20');
    await runAndWait();
    const api = await proxyAnswer({
      database: 'lake',
      table: 'food_delivery_1_0_0',
      fields: [{ name: 'status' }],
      dateColumn: 'dt',
      dateRange: { startDate: '2026-10-31', endDate: '2026-10-20' },
    });
    expect(api.status).toBe(400);
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      `HTTP 400 ${api.json.error.code}: ${api.json.error.message}`,
    );
    await expect(page.getByRole('table', { name: 'Results' }).locator('tbody tr').count()).resolves.toBe(0);
  });

  it('sends a test event of a declared type', async () => {
    await page.getByLabel('Event type').selectOption('app-log');
    await page.getByRole('button', { name: 'Send event' }).click();
    await page.waitForFunction(() => document.getElementById('event-answer')?.textContent !== '');
    expect(JSON.parse((await page.locator('#event-answer').textContent()) ?? '')).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [],
    });
  });

  it('switches to raw rows: plain metrics without formulas, rows as the API answers them', async () => {
    await page.getByRole('checkbox', { name: 'Raw rows (no aggregation pushdown)' }).check();
    await page.locator('#table-note', { hasText: 'raw rows' }).waitFor();
    const metrics = page.getByRole('group', { name: 'Metrics' });
    // Only the query fields stay formulas (over per-row copies); a column's metric is the plain column.
    await expect(metrics.locator('.formula').allTextContents()).resolves.toEqual([
      '= MAX($query__bytes_scanned)',
      '= MAX($query__cost_usd)',
      '= MAX($query__estimated_bytes)',
      '= MAX($query__days_from_tiles)',
      '= MAX($query__rows_skipped)',
    ]);
    await expect(metrics.getByRole('checkbox', { name: 'Distance (km) (Average)' }).count()).resolves.toBe(0);
    await chooseFields(['Status'], ['Distance (km)']);
    await page.getByLabel('Start date').fill('2026-10-31');
    await page.getByLabel('End date').fill('2026-10-31');
    await runAndWait();
    const api = await proxyAnswer({
      database: 'lake',
      table: 'food_delivery_1_0_0',
      fields: [{ name: 'status' }, { name: 'distancekm' }],
      dateColumn: 'dt',
      dateRange: { startDate: '2026-10-31', endDate: '2026-10-31' },
      timeZone: 'UTC',
      limit: 1000,
      aggregate: false,
    });
    expect(api.status).toBe(200);
    const shown = await page
      .getByRole('table', { name: 'Results' })
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)));
    expect(shown.length).toBeGreaterThan(10);
    const sorted = (rows: unknown[][]) => rows.map((row) => JSON.stringify(row)).sort();
    expect(sorted(shown)).toEqual(sorted((api.json.rows as unknown[][]).map((row) => row.map(String))));
    await expect(page.getByRole('region', { name: 'SQL' }).textContent()).resolves.not.toMatch(/GROUP BY/);
  });
});

function rawGet(path: string, host: string): Promise<number> {
  const url = new URL(workbench.url);
  return new Promise((done, fail) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', fail);
    req.end();
  });
}

describe('the workbench refuses', () => {
  it('requests without its token, with a wrong token, or with a foreign Host', async () => {
    const url = new URL(workbench.url);
    expect(await rawGet(url.pathname, url.host)).toBe(200);
    expect(await rawGet('/', url.host)).toBe(403);
    expect(await rawGet('/api/event-types', url.host)).toBe(403);
    expect(await rawGet(`/${'x'.repeat(32)}/`, url.host)).toBe(403);
    expect(await rawGet(url.pathname, `evil.example:${url.port}`)).toBe(421);
    expect(await rawGet(url.pathname, `localhost:${url.port}`)).toBe(200);
  });

  it('a cross-origin call even with the token', async () => {
    const response = await fetch(`${workbench.url}api/call`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'GET', path: '/v1/catalog' }),
    });
    expect(response.status).toBe(403);
  });
});
