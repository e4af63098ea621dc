// «Оплатить», «История начислений и оплат» and «Квитанция» in real headless Chromium on a phone
// (375 px): the demo resident sees her debt, pays the prefilled amount through the built-in
// sandbox provider, comes back to «Платёж … зачислен», finds the online payment in the history
// with the balance down by that amount, and downloads the month's receipt as a PDF. A declined
// payment says so and leads back to the pay page. Every page is checked with axe-core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { checkA11y, withApp } from "./harness.mjs";

const ACCOUNT = "100200300";
const PHONE = { width: 375, height: 812 };

/** «Задолженность 2 928,37 ₽» (or «−1 234,56 ₽») as signed kopecks; «Задолженности нет» is 0. */
const kopecks = (text) => {
  const m = text.replace(/[\s\u202f\u00a0]/g, "").match(/([−-])?(\d+)[,.](\d\d)/);
  if (!m) return 0;
  const value = Number(m[2]) * 100 + Number(m[3]);
  return m[1] ? -value : value;
};

/** Kopecks as the Russian pages print them: «2 928,37 ₽». */
const rub = (k) => {
  const whole = String(Math.floor(Math.abs(k) / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
  return `${whole},${String(Math.abs(k) % 100).padStart(2, "0")}\u00a0₽`;
};

async function signIn(page, baseUrl) {
  await page.goto(baseUrl + "/login");
  await page.getByLabel("Логин или e-mail").fill("ivanova");
  await page.getByLabel("Пароль").fill("demo-resident-2026");
  await page.getByTestId("login-submit").click();
}

/** Fails when the page is wider than the phone (a table or form that scrolls sideways). */
async function fitsPhone(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${where} is ${width}px wide on a ${PHONE.width}px phone`);
}

/** Clicks `button` and resolves to the download it starts: { name, bytes }. */
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: 15000 }), button.click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test("a resident pays her debt through the sandbox, sees it in the history and downloads a receipt", async (t) => {
  await withApp(t, async ({ page, baseUrl, consoleLog }) => {
    await page.setViewportSize(PHONE);
    await signIn(page, baseUrl);
    const card = page.getByTestId(`account-${ACCOUNT}`);
    await card.waitFor({ timeout: 15000 });
    const owed = await card.getByTestId("balance").textContent();
    assert.match(owed, /^Задолженность [\d\u202f]+,\d\d\u00a0₽$/);
    const debt = kopecks(owed);
    assert.ok(debt > 0, owed);
    assert.equal(await card.getByRole("link", { name: "История начислений и оплат" }).getAttribute("href"), `/accounts/${ACCOUNT}/history`);
    assert.equal(await card.getByRole("link", { name: "Квитанция" }).getAttribute("href"), `/accounts/${ACCOUNT}/receipts`);

    // «Оплатить» is a page of the meters bundle: the server answers its address with that shell.
    const metersWasm = page.waitForResponse((r) => r.url().includes("/meters/") && r.url().endsWith(".wasm"));
    await card.getByRole("link", { name: "Оплатить" }).click();
    await metersWasm;
    assert.equal(new URL(page.url()).pathname, `/accounts/${ACCOUNT}/pay`);
    const amount = page.getByLabel("Сумма, ₽");
    await amount.waitFor({ timeout: 15000 });
    assert.equal(await page.title(), "Оплатить — Личный кабинет");
    // Prefilled with the debt, no fee.
    assert.equal(kopecks(await amount.inputValue()), debt);
    assert.equal(await amount.getAttribute("inputmode"), "decimal");
    assert.equal(await page.getByTestId("no-fee").textContent(), "Без комиссии");
    await fitsPhone(page, "the pay page");
    await checkA11y(page, "the pay page");

    // The amount is checked in the browser with the server's rules; the field says what is wrong.
    const prefilled = await amount.inputValue();
    await amount.fill("0,50");
    await page.getByTestId("pay-submit").click();
    assert.equal(await page.getByTestId("error-amount").textContent(), "Не меньше 1,00 ₽.");
    assert.equal(await amount.getAttribute("aria-invalid"), "true");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "f-amount", "focus on the field");
    await amount.fill("12,345");
    await page.getByTestId("pay-submit").click();
    assert.match(await page.getByTestId("error-amount").textContent(), /копейки через запятую/);
    await amount.fill("500 000,01");
    await page.getByTestId("pay-submit").click();
    assert.match(await page.getByTestId("error-amount").textContent(), /Больше, чем можно оплатить за один раз/);
    await checkA11y(page, "the pay page with an error");
    await amount.fill(prefilled);
    await page.getByTestId("pay-submit").click();

    // The sandbox provider's page says plainly it is a test and no money moves.
    await page.waitForURL(/\/sandbox\/payments\/[^/]+$/, { timeout: 15000 });
    await page.getByTestId("sandbox-amount").waitFor({ timeout: 15000 });
    assert.match(await page.getByTestId("sandbox-notice").textContent(), /тестовый платёжный сервис \(песочница\): деньги не списываются/);
    assert.equal(await page.getByTestId("sandbox-amount").textContent(), rub(debt));
    assert.equal(await page.title(), "Тестовая оплата — Личный кабинет");
    await fitsPhone(page, "the sandbox page");
    await checkA11y(page, "the sandbox provider's page");
    await page.getByRole("button", { name: "Оплатить" }).click();

    // Back in Kabinet: checked until the provider's notice arrives, then credited.
    await page.waitForURL((url) => /^\/payments\/[^/]+$/.test(url.pathname), { timeout: 15000 });
    assert.doesNotMatch(new URL(page.url()).pathname, /sandbox/);
    const credited = page.getByTestId("payment-succeeded");
    await credited.waitFor({ timeout: 65000 });
    assert.match(await credited.textContent(), new RegExp(`^Платёж на ${rub(debt)} зачислен`));
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "payment-succeeded", "focus on the outcome");
    await checkA11y(page, "the return page after paying");

    // The history: the online payment in this month, the balance down by the amount paid.
    await page.getByRole("link", { name: "История начислений и оплат" }).click();
    const table = page.getByTestId("statement");
    await table.waitFor({ timeout: 15000 });
    assert.equal(new URL(page.url()).pathname, `/accounts/${ACCOUNT}/history`);
    assert.equal(await page.getByTestId("statement-from").evaluate((s) => s.labels[0].textContent), "С месяца");
    const months = table.locator("tbody > tr[data-testid^=month-]");
    assert.equal(await months.count(), 12, "the last 12 months by default");
    const latest = months.first();
    const period = (await latest.getAttribute("data-testid")).slice("month-".length);
    const toggle = latest.getByRole("button");
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    const paid = page.getByTestId(`payments-${period}`);
    await paid.waitFor({ timeout: 5000 });
    const online = paid.locator("tbody tr").filter({ hasText: "Онлайн в личном кабинете" });
    assert.equal(await online.count(), 1, await paid.textContent());
    assert.match(await online.textContent(), new RegExp(`${rub(debt)}$`));
    assert.equal(kopecks(await page.getByTestId("statement-debt").textContent()), 0);
    assert.match(await page.getByTestId("statement-debt").textContent(), /Задолженности нет/);
    // An older month opens into its service lines, in Russian, with the recalculation marked.
    const recalculated = table.locator("tr.lines").filter({ hasText: "перерасчёт" }).first();
    const id = await recalculated.getAttribute("id");
    await page.locator(`button[aria-controls="${id}"]`).click();
    await recalculated.waitFor({ state: "visible", timeout: 5000 });
    assert.match(await recalculated.textContent(), /Горячее водоснабжение\s*перерасчёт\s*Перерасчёт за горячую воду/);
    assert.match(await recalculated.textContent(), /Отопление|Горячее водоснабжение/);
    await fitsPhone(page, "the history page");
    await checkA11y(page, "the history page with months open");

    // The same months as CSV.
    const csv = await download(page, page.getByTestId("download-csv"));
    assert.match(csv.name, /\.csv$/);
    assert.ok(csv.bytes.toString("utf8").split("\n").length > 12, "a line per month at least");

    // The account's own page agrees: the debt is gone.
    await page.getByRole("link", { name: "Общая информация" }).click();
    await page.getByTestId("general-info").getByTestId("balance").waitFor({ timeout: 15000 });
    assert.equal(await page.getByTestId("general-info").getByTestId("balance").textContent(), "Задолженности нет");

    // «Квитанция»: the months with charges, newest first; the receipt downloads as a PDF.
    await page.getByRole("link", { name: "Квитанция" }).click();
    const month = page.getByLabel("Месяц", { exact: true });
    await month.waitFor({ timeout: 15000 });
    assert.equal(new URL(page.url()).pathname, `/accounts/${ACCOUNT}/receipts`);
    const chosen = await month.inputValue();
    assert.match(chosen, /^\d{4}-\d\d$/);
    assert.equal(await page.getByTestId("receipt-open").getAttribute("href"), `/api/v1/accounts/${ACCOUNT}/receipts/${chosen}`);
    await fitsPhone(page, "the receipt page");
    await checkA11y(page, "the receipt page");
    const pdf = await download(page, page.getByRole("button", { name: "Скачать" }));
    assert.match(pdf.name, /\.pdf$/);
    assert.equal(pdf.bytes.subarray(0, 5).toString("latin1"), "%PDF-");
    // What «Открыть» opens in a new tab is the same PDF, with the session's cookie.
    const served = await page.evaluate(async (url) => {
      const r = await fetch(url);
      const head = new Uint8Array(await r.arrayBuffer()).slice(0, 5);
      return { status: r.status, type: r.headers.get("content-type"), head: String.fromCharCode(...head) };
    }, `/api/v1/accounts/${ACCOUNT}/receipts/${chosen}`);
    assert.deepEqual(served, { status: 200, type: "application/pdf", head: "%PDF-" });

    const errors = consoleLog.filter((line) => line.startsWith("[pageerror]"));
    assert.deepEqual(errors, []);
  }, { seed: true });
});

test("a declined payment says so, credits nothing and leads back to the pay page", async (t) => {
  await withApp(t, async ({ page, baseUrl }) => {
    await page.setViewportSize(PHONE);
    await signIn(page, baseUrl);
    await page.getByTestId(`account-${ACCOUNT}`).waitFor({ timeout: 15000 });
    await page.goto(`${baseUrl}/accounts/${ACCOUNT}/pay`);
    const amount = page.getByLabel("Сумма, ₽");
    await amount.waitFor({ timeout: 15000 });
    const before = kopecks(await page.getByTestId("pay-balance").textContent());
    await amount.fill("100");
    await page.getByTestId("pay-submit").click();
    await page.getByTestId("sandbox-amount").waitFor({ timeout: 15000 });
    assert.equal(await page.getByTestId("sandbox-amount").textContent(), rub(10000));
    await page.getByRole("button", { name: "Отказаться" }).click();

    const failed = page.getByTestId("payment-failed");
    await failed.waitFor({ timeout: 65000 });
    assert.match(await failed.textContent(), /^Платёж не прошёл/);
    await checkA11y(page, "the return page after a declined payment");
    await page.getByRole("link", { name: "Оплатить ещё раз" }).click();
    await page.getByTestId("pay-balance").waitFor({ timeout: 15000 });
    assert.equal(new URL(page.url()).pathname, `/accounts/${ACCOUNT}/pay`);
    assert.equal(kopecks(await page.getByTestId("pay-balance").textContent()), before, "nothing was credited");
  }, { seed: true });
});
