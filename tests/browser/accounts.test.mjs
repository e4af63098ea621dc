// Linking in real headless Chromium: the demo resident finds her own account already linked;
// an operator issues a code for a second account on its page (with its printable slip), the
// resident links it as a family member of its owner, sees the general information and the
// balance, and unlinks it after confirming.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkA11y, withApp } from "./harness.mjs";

async function signIn(page, baseUrl, login, password) {
  await page.goto(baseUrl + "/login");
  await page.getByLabel("Логин или e-mail").fill(login);
  await page.getByLabel("Пароль").fill(password);
  await page.getByTestId("login-submit").click();
}

test("a resident links a second account with the code an operator issued, then unlinks it", async (t) => {
  await withApp(t, async ({ page: operator, browser, baseUrl }) => {
    await signIn(operator, baseUrl, "operator", "demo-operator-2026");
    // Staff land in their own bundle under /operator/ (residents never download it).
    const staffWasm = operator.waitForResponse((r) => r.url().endsWith(".wasm"));
    await operator.getByRole("link", { name: "Лицевые счета" }).click();
    assert.match((await staffWasm).url(), /\/operator\/kabinet-web-[0-9a-f]+_bg\.wasm$/);
    assert.equal(new URL(operator.url()).pathname, "/operator/accounts");
    await operator.getByLabel("Номер лицевого счёта").fill("100200301");
    await operator.getByTestId("find-account").click();
    await operator.getByTestId("operator-account").waitFor({ timeout: 15000 });
    assert.match(await operator.getByTestId("operator-account").textContent(), /Петров Алексей Иванович/);
    await operator.getByTestId("issue-code").click();
    const code = (await operator.getByTestId("issued-code").textContent({ timeout: 10000 })).trim();
    assert.match(code, /^[2-9A-HJKMNP-Z]{10}$/);
    assert.match(await operator.getByTestId("code-slip").textContent(), /Лицевой счёт № 100200301/);
    await checkA11y(operator, "the operator's account page with a code slip");

    const residentContext = await browser.newContext({ locale: "ru-RU" });
    const resident = await residentContext.newPage();
    await signIn(resident, baseUrl, "ivanova", "demo-resident-2026");
    // The demo resident's own account is linked from the start.
    await resident.getByTestId("account-100200300").waitFor({ timeout: 15000 });

    // A mistyped code first: a clear message, nothing linked.
    await resident.getByLabel("Номер лицевого счёта").fill("100200301");
    await resident.getByLabel("Код привязки").fill("AAAAAAAAAA");
    await resident.getByTestId("link-submit").click();
    await resident.getByTestId("error-banner").waitFor({ timeout: 10000 });
    assert.match(await resident.getByTestId("error-banner").textContent(), /код не подходят/);

    await resident.getByLabel("Код привязки").fill(code.toLowerCase().slice(0, 5) + " " + code.slice(5));
    await resident.locator("#as-family").check();
    await resident.getByTestId("link-submit").click();
    await resident.getByTestId("linked").waitFor({ timeout: 10000 });
    const row = resident.getByTestId("account-100200301");
    await row.waitFor({ timeout: 10000 });
    assert.match(await row.textContent(), /ул\. Ленина, д\. 12, кв\. 8/);
    assert.match(await row.getByTestId("balance").textContent(), /^(Задолженность|Переплата) [\d\u202f]+,\d\d\u00a0₽$|^Задолженности нет$/);

    await row.getByRole("link").click();
    await resident.getByTestId("general-info").waitFor({ timeout: 10000 });
    await checkA11y(resident, "an account's general information");
    const info = await resident.getByTestId("general-info").textContent();
    assert.match(info, /Петров Алексей Иванович/);
    assert.match(info, /72,10 м²/);
    assert.match(await resident.getByTestId("reading-window").textContent(), /20–25/);
    assert.match(await resident.getByTestId("meters").textContent(), /Горячая вода № ГВС-410001 — поверка до \d{4}-\d\d-\d\d/);

    await resident.getByTestId("unlink").click();
    await resident.getByTestId("unlink-yes").click();
    await resident.getByTestId("account-100200300").waitFor({ timeout: 10000 });
    assert.equal(await resident.getByTestId("account-100200301").count(), 0);
    await residentContext.close();
  }, { seed: true });
});

test("the link form checks itself before it sends, brings up the numeric keypad, and pages are named", async (t) => {
  await withApp(t, async ({ page, baseUrl }) => {
    await signIn(page, baseUrl, "ivanova", "demo-resident-2026");
    await page.getByTestId("link-form").waitFor({ timeout: 15000 });
    assert.equal(await page.title(), "Мои счета — Личный кабинет");
    assert.equal(await page.getByLabel("Номер лицевого счёта").getAttribute("inputmode"), "numeric");
    let sent = 0;
    await page.route("**/api/v1/accounts/link", (route) => { sent += 1; return route.continue(); });
    // An empty form: the fields say what is missing, and nothing is sent (no try is spent).
    await page.getByTestId("link-submit").click();
    await page.getByTestId("error-account_number").waitFor({ timeout: 5000 });
    assert.equal(await page.getByTestId("error-account_number").textContent(), "Заполните это поле.");
    assert.equal(await page.getByTestId("error-code").textContent(), "Заполните это поле.");
    await page.getByLabel("Номер лицевого счёта").fill("12ab");
    await page.getByLabel("Код привязки").fill("ABC");
    await page.getByTestId("link-submit").click();
    await page.getByText("Номер лицевого счёта — от 6 до 12 цифр.").waitFor({ timeout: 5000 });
    assert.equal(sent, 0, "nothing reached the server");
    // A skip link is the first thing the keyboard reaches on a freshly loaded page.
    await page.reload();
    await page.getByTestId("link-form").waitFor({ timeout: 15000 });
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.className), "skip-link");
  }, { seed: true });
});
