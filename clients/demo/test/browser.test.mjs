// The demo app in a real browser (Debian's Chromium driven by playwright-core), served by the real
// jar: live status and location, recovery after a network cut, the reload notice after history is
// gone, support chat with typing, the admin page. Screenshots go to test-results/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

import { actors, assignedBooking } from '../../js/test/support/demo.mjs';
import { startServer } from '../../js/test/support/server.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const HISTORY_SIZE = 3;
const LIVE_WITHIN_MS = 2000; // the bound for status and location to show on the customer's page
const results = new URL('../test-results/', import.meta.url);
const shots = new URL('screenshots/', results);
mkdirSync(shots, { recursive: true });

let server;
let browser;
let people;

before(async () => {
  server = await startServer({ args: [`--servicehub.realtime.history.size=${HISTORY_SIZE}`] });
  const index = await fetch(`${server.url}/`);
  assert.equal(index.status, 200, 'the jar serves no demo app at /: build it with ./mvnw package (without -Dskip.npm)');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  people = await actors(server.url);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A new browser context (its own storage and network) logged in as a demo account. */
async function open(phone, hash = '') {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page ${phone}]`, error));
  await page.goto(`${server.url}/`);
  await page.getByTestId(`login-${phone}`).click();
  await page.locator('[data-testid=connection][data-state=connected]').waitFor({ timeout: 30_000 });
  if (hash) await page.evaluate((h) => { location.hash = h; }, hash);
  return { context, page };
}

const status = (page) => page.getByTestId('status');

async function shot(page, name) {
  await page.screenshot({ path: new URL(`${name}.png`, shots).pathname, fullPage: true });
}

test('customer sees the technician go en route and share a location, live', async () => {
  const booking = await assignedBooking(people);
  const customer = await open('+966500000001', `#/booking/${booking.id}`);
  const technician = await open('+966500000002', `#/booking/${booking.id}`);
  try {
    await status(customer.page).filter({ hasText: 'assigned' }).waitFor({ timeout: 15_000 });
    await technician.page.getByTestId('next-status').filter({ hasText: 'en route' }).click();
    await status(customer.page).filter({ hasText: 'en route' }).waitFor({ timeout: LIVE_WITHIN_MS });
    await technician.page.getByTestId('share-location').click();
    await customer.page.getByTestId('location').filter({ hasText: /\d+\.\d{4}, \d+\.\d{4}/ }).waitFor({ timeout: LIVE_WITHIN_MS });
    await shot(customer.page, 'customer-booking');
    await shot(technician.page, 'technician-booking');
    await technician.page.getByTestId('share-location').click(); // stop the simulated drive
  } finally {
    await customer.context.close();
    await technician.context.close();
  }
});

test('offline while two status changes happen: on reconnect the final status shows, without a reload', async () => {
  const booking = await assignedBooking(people);
  const customer = await open('+966500000001', `#/booking/${booking.id}`);
  try {
    const { page, context } = customer;
    await status(page).filter({ hasText: 'assigned' }).waitFor({ timeout: 15_000 });
    await page.evaluate(() => { window.sameDocument = true; });
    await context.setOffline(true);
    await page.locator('[data-testid=connection]:not([data-state=connected])').waitFor({ timeout: 10_000 });
    await people.technician.bookings.setStatus(booking.id, 'en_route');
    await people.technician.bookings.setStatus(booking.id, 'arrived');
    await shot(page, 'customer-offline');
    await context.setOffline(false);
    await status(page).filter({ hasText: 'arrived' }).waitFor({ timeout: 20_000 });
    assert.equal(await page.evaluate(() => window.sameDocument), true, 'the page was not reloaded');
    assert.equal(await page.getByTestId('reload-notice').count(), 0, 'recovered: no reload notice');
    // Both missed changes came through the recovery, in order, onto the timeline.
    const times = await page.locator('.timeline li time').count();
    assert.equal(times, 2);
  } finally {
    await customer.context.close();
  }
});

test('offline for longer than the room history: the page reloads the booking and says so', async () => {
  const booking = await assignedBooking(people);
  const customer = await open('+966500000001', `#/booking/${booking.id}`);
  try {
    const { page, context } = customer;
    await status(page).filter({ hasText: 'assigned' }).waitFor({ timeout: 15_000 });
    await context.setOffline(true);
    await page.locator('[data-testid=connection]:not([data-state=connected])').waitFor({ timeout: 10_000 });
    await people.technician.bookings.setStatus(booking.id, 'en_route');
    for (let i = 0; i < HISTORY_SIZE + 1; i++) {
      await people.technician.bookings.reportLocation(booking.id, { latitude: 24.70 + i / 1000, longitude: 46.68 });
    }
    await context.setOffline(false);
    await page.getByTestId('reload-notice').waitFor({ timeout: 20_000 });
    await status(page).filter({ hasText: 'en route' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('location').filter({ hasText: '24.7030, 46.6800' }).waitFor({ timeout: 10_000 });
    await shot(page, 'customer-reload-notice');
  } finally {
    await customer.context.close();
  }
});

test('support chat between customer and admin, with typing indicators', async () => {
  const customer = await open('+966500000001');
  const admin = await open('+966500000003');
  try {
    await customer.page.getByTestId('ticket-subject').fill('Water heater');
    await customer.page.getByTestId('ticket-message').fill('No hot water since this morning');
    await customer.page.getByTestId('open-ticket').click();
    await customer.page.waitForURL(/#\/ticket\//);
    const ticketHash = new URL(customer.page.url()).hash;
    await admin.page.evaluate((h) => { location.hash = h; }, ticketHash);
    await admin.page.getByTestId('message').filter({ hasText: 'No hot water' }).waitFor({ timeout: 15_000 });

    await customer.page.getByTestId('chat-input').pressSequentially('It is a gas', { delay: 40 });
    await admin.page.getByTestId('typing').filter({ hasText: 'typing' }).waitFor({ timeout: 5000 });
    await shot(admin.page, 'admin-chat-typing');
    await customer.page.getByTestId('chat-send').click();
    await admin.page.getByTestId('message').filter({ hasText: 'It is a gas' }).waitFor({ timeout: 5000 });
    await admin.page.getByTestId('typing').filter({ hasText: /^\s*$/ }).waitFor({ timeout: 5000 });

    await admin.page.getByTestId('chat-input').pressSequentially('A technician can come at 4 pm', { delay: 30 });
    await customer.page.getByTestId('typing').filter({ hasText: 'typing' }).waitFor({ timeout: 5000 });
    await admin.page.getByTestId('chat-send').click();
    await customer.page.getByTestId('message').filter({ hasText: 'come at 4 pm' }).waitFor({ timeout: 5000 });
    await shot(customer.page, 'customer-chat');
    assert.equal(await customer.page.getByTestId('message').count(), 3);
  } finally {
    await customer.context.close();
    await admin.context.close();
  }
});

test('customer books in the app, admin assigns a technician from the list, both pages follow live', async () => {
  const customer = await open('+966500000001');
  const admin = await open('+966500000003');
  const technician = await open('+966500000002');
  try {
    await customer.page.getByTestId('service-type').selectOption('electrical');
    await customer.page.getByTestId('address').fill('Olaya St 5, Riyadh');
    await customer.page.getByTestId('book').click();
    await customer.page.waitForURL(/#\/booking\//);
    const bookingId = new URL(customer.page.url()).hash.split('/').at(-1);
    await status(customer.page).filter({ hasText: 'pending' }).waitFor({ timeout: 10_000 });

    const row = admin.page.locator(`tr[data-booking="${bookingId}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.getByTestId('assign').click();
    await row.getByTestId('list-status').filter({ hasText: 'assigned' }).waitFor({ timeout: 10_000 });
    // The assignment is a status change too: the customer's open booking page shows it live.
    await status(customer.page).filter({ hasText: 'assigned' }).waitFor({ timeout: LIVE_WITHIN_MS });
    await technician.page.locator(`tr[data-booking="${bookingId}"]`).waitFor({ timeout: 15_000 });

    await admin.page.waitForFunction(() => Number(document.querySelector('[data-testid=figure-connections]')?.textContent) >= 3,
      undefined, { timeout: 10_000 });
    await shot(admin.page, 'admin-home');
    await shot(technician.page, 'technician-home');
    await customer.page.evaluate(() => { location.hash = '#/'; });
    await customer.page.locator(`tr[data-booking="${bookingId}"] [data-testid=list-status]`)
      .filter({ hasText: 'assigned' }).waitFor({ timeout: 10_000 });
    await shot(customer.page, 'customer-home');
    assert.equal((await people.admin.bookings.get(bookingId)).technicianId, people.technician.session.user.id);
  } finally {
    await customer.context.close();
    await admin.context.close();
    await technician.context.close();
  }
});

test('the login page offers the demo accounts', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByTestId('login-+966500000003').waitFor();
    await shot(page, 'login');
    assert.equal(await page.locator('.demo-accounts button').count(), 4);
  } finally {
    await context.close();
  }
});

test('measures the time from a status PATCH to the customer page showing it (20 changes)', async () => {
  const customer = await open('+966500000001');
  const samples = [];
  try {
    for (let round = 0; round < 5; round++) {
      const booking = await assignedBooking(people);
      await customer.page.evaluate((h) => { location.hash = h; }, `#/booking/${booking.id}`);
      await status(customer.page).filter({ hasText: 'assigned' }).waitFor({ timeout: 15_000 });
      for (const next of ['en_route', 'arrived', 'in_progress', 'completed']) {
        const text = next.replace('_', ' ');
        const seen = customer.page.waitForFunction((t) => {
          const el = document.querySelector('[data-testid=status]');
          return el?.textContent === t ? Date.now() : false;
        }, text, { polling: 'raf', timeout: 15_000 });
        const start = Date.now();
        await people.technician.bookings.setStatus(booking.id, next);
        samples.push(Number(await (await seen).jsonValue()) - start);
      }
    }
  } finally {
    await customer.context.close();
  }
  const sorted = [...samples].sort((x, y) => x - y);
  const median = (sorted[9] + sorted[10]) / 2;
  const figures = { changes: samples.length, medianMs: median, maxMs: sorted.at(-1), samplesMs: samples };
  writeFileSync(new URL('latency.json', results), JSON.stringify(figures, null, 2));
  console.log(`status PATCH -> customer page: median ${median} ms, max ${sorted.at(-1)} ms over ${samples.length}`);
  assert.equal(samples.length, 20);
});
