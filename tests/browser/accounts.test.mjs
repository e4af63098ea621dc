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
    // Staff land in their own bundle under /operator/ (residents never download it).
    const staffWasm = operator.waitForResponse((r) => r.url().includes("/operator/") && r.url().endsWith(".wasm"));
    await signIn(operator, baseUrl, "operator", "demo-operator-2026");
    assert.match((await staffWasm).url(), /\/operator\/kabinet-web-[0-9a-f]+_bg\.wasm$/);
    await operator.getByRole("link", { name: "Лицевые счета" }).click();
    assert.equal(new URL(operator.url()).pathname, "/operator/accounts");
    // The number as people write it, with spaces.
    await operator.getByLabel("Поиск").fill("100 200 301");
    await operator.getByTestId("find-account").click();
    await operator.getByTestId("found-100200301").waitFor({ timeout: 15000 });
    assert.match(await operator.getByTestId("found-100200301").textContent(), /Петров Алексей Иванович/);
    // The owner's surname in lower case finds it too.
    await operator.getByLabel("Поиск").fill("петров");
    await operator.getByTestId("find-account").click();
    await operator.getByTestId("found-100200301").waitFor({ timeout: 15000 });
    await checkA11y(operator, "the operator's account search");
    await operator.getByTestId("found-100200301").getByRole("link").click();
    // A found account has its own address.
    await operator.getByTestId("operator-account").waitFor({ timeout: 15000 });
    assert.equal(new URL(operator.url()).pathname, "/operator/accounts/100200301");
    assert.equal(await operator.title(), "Лицевые счета — Лицевой счёт № 100200301 — Личный кабинет");
    await operator.getByTestId("issue-code").click();
    const code = (await operator.getByTestId("issued-code").textContent({ timeout: 10000 })).trim();
    assert.match(code, /^[2-9A-HJKMNP-Z]{10}$/);
    assert.match(await operator.getByTestId("code-slip").textContent(), /Лицевой счёт № 100200301/);
    assert.match(await operator.getByTestId("code-slip").textContent(), /Действует до \d\d\.\d\d\.\d{4}/);
    await checkA11y(operator, "the operator's account page with a code slip");
    // The page survives a reload (its own URL), and a second code now asks first: it would
    // void the one just printed.
    await operator.reload();
    await operator.getByTestId("operator-account").waitFor({ timeout: 15000 });
    await operator.getByTestId("issue-code").click();
    await operator.getByRole("alertdialog").waitFor({ timeout: 5000 });
    assert.match(await operator.getByRole("alertdialog").textContent(), /отменит/);
    await operator.getByRole("button", { name: "Отмена" }).click();
    assert.equal(await operator.getByTestId("issued-code").count(), 0, "no second code was issued");

    const residentContext = await browser.newContext({ locale: "ru-RU" });
    const resident = await residentContext.newPage();
    await signIn(resident, baseUrl, "ivanova", "demo-resident-2026");
    // The demo resident's own account is linked from the start: her home shows what she owes
    // and what she comes for — paying, readings, the history and the receipt, each its page.
    const own = resident.getByTestId("account-100200300");
    await own.waitFor({ timeout: 15000 });
    assert.equal(await own.getByRole("link", { name: "Оплатить" }).getAttribute("href"), "/accounts/100200300/pay");
    assert.equal(await own.getByRole("link", { name: "Передать показания" }).getAttribute("href"), "/accounts/100200300/meters");
    await checkA11y(resident, "the resident's dashboard");
    await resident.getByRole("link", { name: "Привязать ещё один лицевой счёт" }).click();
    await resident.getByTestId("link-form").waitFor({ timeout: 15000 });

    // A mistyped code first: a clear message, nothing linked.
    await resident.getByLabel("Номер лицевого счёта").fill("100200301");
    await resident.getByLabel("Код привязки").fill("AAAAAAAAAA");
    await resident.getByTestId("link-submit").click();
    await resident.getByTestId("error-banner").waitFor({ timeout: 10000 });
    assert.match(await resident.getByTestId("error-banner").textContent(), /код не подходят/);

    // The number as it is printed on a bill, with spaces; the code in lower case with a space.
    await resident.getByLabel("Номер лицевого счёта").fill("100 200 301");
    await resident.getByLabel("Код привязки").fill(code.toLowerCase().slice(0, 5) + " " + code.slice(5));
    await resident.locator("#as-family").check();
    await resident.getByTestId("link-submit").click();
    await resident.getByTestId("linked").waitFor({ timeout: 10000 });
    const row = resident.getByTestId("account-100200301");
    await row.waitFor({ timeout: 10000 });
    assert.match(await row.textContent(), /ул\. Ленина, д\. 12, кв\. 8/);
    assert.match(await row.getByTestId("balance").textContent(), /^(Задолженность|Переплата) [\d\u202f]+,\d\d\u00a0₽$|^Задолженности нет$/);

    await row.getByRole("link").click();
    await resident.getByTestId("reading-window").waitFor({ timeout: 10000 });
    await checkA11y(resident, "an account's general information");
    const info = await resident.getByTestId("general-info").textContent();
    assert.match(info, /Петров Алексей Иванович/);
    assert.match(info, /72,10 м²/);
    assert.match(await resident.getByTestId("reading-window").textContent(), /20–25/);
    assert.match(await resident.getByTestId("meters").textContent(), /Горячая вода № ГВС-\d+ — поверка до \d\d\.\d\d\.\d{4}/);
    // Each section is a page of its own: deep-linkable and reload-safe.
    await resident.getByRole("link", { name: "История начислений и оплат" }).click();
    await resident.getByTestId("statement").waitFor({ timeout: 15000 });
    assert.equal(new URL(resident.url()).pathname, "/accounts/100200301/history");
    await resident.reload();
    await resident.getByTestId("statement").waitFor({ timeout: 15000 });
    await resident.getByRole("link", { name: "Общая информация" }).click();
    await resident.getByTestId("reading-window").waitFor({ timeout: 10000 });

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
    await page.getByTestId("dashboard").waitFor({ timeout: 15000 });
    await page.getByRole("link", { name: "Мои счета" }).click();
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
    // Focus went to the first field the form refused, which names its error.
    assert.equal(await page.evaluate(() => document.activeElement?.id), "f-account_number");
    assert.equal(await page.getByLabel("Номер лицевого счёта").getAttribute("aria-describedby"), "f-account_number-error");
    // A skip link is the first thing the keyboard reaches on a freshly loaded page.
    await page.reload();
    await page.getByTestId("link-form").waitFor({ timeout: 15000 });
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.className), "skip-link");
    // In English the page title and units are English too.
    await page.getByTestId("lang-en").click();
    await page.getByText("Link a utility account").first().waitFor({ timeout: 5000 });
    assert.equal(await page.title(), "My accounts — Personal account");
    await page.getByRole("link", { name: "Account No. 100200300" }).click();
    await page.getByTestId("reading-window").waitFor({ timeout: 10000 });
    assert.match(await page.getByTestId("general-info").textContent(), /\d+\.\d\d m²/);
  }, { seed: true });
});
