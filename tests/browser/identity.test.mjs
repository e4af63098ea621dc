// Identity in real headless Chromium: register with the Rules and consents, sign in, edit the
// profile, end another session, sign out; field errors in Russian; an ended session sends the
// user to the login page with a message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkA11y, withApp } from "./harness.mjs";

const PASSWORD = "Тёплый-дом-2026";

async function apiLogin(baseUrl, login, password) {
  const res = await fetch(baseUrl + "/api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ login, password }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()).access_token;
}

async function apiMe(baseUrl, token) {
  const res = await fetch(baseUrl + "/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: res.status === 200 ? await res.json() : null };
}

async function register(page, baseUrl, login) {
  await page.goto(baseUrl + "/register");
  await page.getByTestId("rules-text").waitFor({ timeout: 15000 });
  await page.getByLabel("Логин", { exact: true }).fill(login);
  await page.getByLabel("ФИО собственника помещения").fill("Соколова Елена Викторовна");
  await page.getByLabel("Электронная почта").fill(`${login}@example.ru`);
  await page.getByLabel("Мобильный телефон").fill("8 912 345-67-89");
  await page.getByLabel("Пароль", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Я ознакомлен(а) с Правилами и согласен(на) с ними").check();
  await page.getByLabel(/Согласие на обработку персональных данных/).check();
  await page.getByLabel("SMS-уведомления").check();
  await page.getByTestId("register-submit").click();
}

async function signIn(page, baseUrl, login) {
  await page.goto(baseUrl + "/login");
  await page.getByLabel("Логин или e-mail").fill(login);
  await page.getByLabel("Пароль").fill(PASSWORD);
  await page.getByTestId("login-submit").click();
  // Residents land on their home page, the dashboard.
  await page.getByTestId("dashboard").waitFor({ timeout: 15000 });
}

async function openProfile(page) {
  await page.getByRole("link", { name: "Профиль" }).click();
  await page.getByTestId("personal").waitFor({ timeout: 15000 });
}

test("a resident registers (and is signed in), edits the profile, ends another session, signs out and in", async (t) => {
  await withApp(t, async ({ page, baseUrl }) => {
    await register(page, baseUrl, "sokolova");
    // Registration signs the new resident in: no typing everything again.
    await page.getByTestId("dashboard").waitFor({ timeout: 15000 });
    assert.equal(new URL(page.url()).pathname, "/");
    assert.match(await page.getByTestId("no-accounts").textContent(), /Привяжите лицевой счёт|лицев/);

    // A second device signs in too.
    const other = await apiLogin(baseUrl, "sokolova", PASSWORD);

    await checkA11y(page, "the dashboard of a new resident");
    await openProfile(page);
    assert.equal(new URL(page.url()).pathname, "/profile");
    await checkA11y(page, "the profile");
    assert.equal(await page.getByLabel("Мобильный телефон").inputValue(), "+79123456789");
    assert.equal(await page.getByTestId("consent-sms").isChecked(), true);

    await page.getByLabel("Почтовый адрес").fill("г. Кызыл, ул. Ленина, д. 12, кв. 7");
    await page.getByTestId("personal-save").click();
    await page.getByTestId("personal-saved").waitFor({ timeout: 10000 });
    assert.equal((await apiMe(baseUrl, other)).body.postal_address, "г. Кызыл, ул. Ленина, д. 12, кв. 7");

    // Reload keeps the user signed in.
    await page.reload();
    await page.getByTestId("personal").waitFor({ timeout: 15000 });
    assert.equal(await page.getByLabel("Почтовый адрес").inputValue(), "г. Кызыл, ул. Ленина, д. 12, кв. 7");

    await page.getByTestId("session-other").waitFor({ timeout: 10000 });
    assert.equal(await page.getByTestId("session-current").count(), 1);
    await page.getByTestId("session-other").getByRole("button", { name: "Завершить" }).click();
    await page.getByTestId("session-other").waitFor({ state: "detached", timeout: 10000 });
    assert.equal((await apiMe(baseUrl, other)).status, 401, "the other device is signed out");

    // A personal token: shown once with a copy button; revoking it takes the secret away.
    await page.getByLabel("Назначение токена").fill("умный дом");
    await page.getByRole("button", { name: "Создать токен" }).click();
    const secret = page.getByTestId("new-token");
    await secret.waitFor({ timeout: 10000 });
    assert.match(await secret.textContent(), /^kbt_/);
    await page.getByTestId("copy-token").click();
    assert.equal(await page.getByTestId("copy-token").textContent(), "Скопировано");
    // Revoking asks first.
    await page.getByTestId("tokens").getByRole("button", { name: "Отозвать" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Отозвать" }).click();
    await secret.waitFor({ state: "detached", timeout: 10000 });
    await page.getByText("Токенов нет.").waitFor({ timeout: 10000 });

    await page.getByTestId("logout").click();
    await page.getByTestId("login-submit").waitFor({ timeout: 10000 });
    await checkA11y(page, "the login page");
    const after = await page.evaluate(async () => (await fetch("/api/v1/me")).status);
    assert.equal(after, 401, "the browser's session has ended");

    await signIn(page, baseUrl, "sokolova");
    await openProfile(page);
  });
});

test("registration shows the API's field errors next to the fields, in Russian", async (t) => {
  await withApp(t, async ({ page: first, browser, baseUrl }) => {
    await register(first, baseUrl, "dup.user");
    await first.getByTestId("dashboard").waitFor({ timeout: 15000 });
    // Someone else, in another browser, tries the same login.
    const context = await browser.newContext({ locale: "ru-RU" });
    const page = await context.newPage();
    await register(page, baseUrl, "dup.user");
    await page.getByTestId("error-login").waitFor({ timeout: 10000 });
    await checkA11y(page, "registration with field errors");
    assert.equal(await page.getByTestId("error-login").textContent(), "Этот логин уже занят.");
    // A taken e-mail is never confirmed to whoever is registering (the address is told instead).
    assert.equal(await page.getByTestId("error-email").count(), 0);
    assert.equal(await page.getByLabel("Логин", { exact: true }).getAttribute("aria-invalid"), "true");
    await context.close();
  });
});

test("an ended session sends the user to the login page with a message", async (t) => {
  await withApp(t, async ({ page, baseUrl }) => {
    await register(page, baseUrl, "expired.user");
    await page.getByTestId("dashboard").waitFor({ timeout: 15000 });
    await openProfile(page);
    // Another device ends every other session, including the browser's.
    const other = await apiLogin(baseUrl, "expired.user", PASSWORD);
    const res = await fetch(baseUrl + "/api/v1/me/sessions", { method: "DELETE", headers: { Authorization: `Bearer ${other}` } });
    assert.equal(res.status, 204);
    await page.reload();
    await page.getByTestId("session-expired").waitFor({ timeout: 15000 });
    assert.equal(new URL(page.url()).pathname, "/login");
    assert.equal(await page.getByTestId("session-expired").textContent(), "Сеанс завершён. Войдите снова.");
    // Signing in again returns to the page the user was on.
    await page.getByLabel("Логин или e-mail").fill("expired.user");
    await page.getByLabel("Пароль").fill(PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("personal").waitFor({ timeout: 15000 });
    assert.equal(new URL(page.url()).pathname, "/profile");
  });
});

test("a blocked resident is told they are blocked and what to do", async (t) => {
  await withApp(t, async ({ page, baseUrl }) => {
    await register(page, baseUrl, "blocked.user");
    await page.getByTestId("dashboard").waitFor({ timeout: 15000 });
    const operator = await apiLogin(baseUrl, "operator", "demo-operator-2026");
    const found = await (await fetch(baseUrl + "/api/v1/operator/users?q=blocked.user", { headers: { Authorization: `Bearer ${operator}` } })).json();
    const id = found.items[0].id;
    const res = await fetch(baseUrl + `/api/v1/operator/users/${id}/block`, {
      method: "POST",
      headers: { Authorization: `Bearer ${operator}`, "Content-Type": "application/json" },
      body: JSON.stringify({ reason: "подозрение на несанкционированный доступ" }),
    });
    assert.equal(res.status, 200);
    await page.reload();
    const banner = page.getByTestId("account-blocked");
    await banner.waitFor({ timeout: 15000 });
    assert.match(await banner.textContent(), /Доступ заблокирован.*Обратитесь в офис обслуживания/);
    assert.equal(new URL(page.url()).pathname, "/login");
  }, { seed: true });
});

test("a deep link survives signing in; refused forms put focus on the problem; passwords can be shown", async (t) => {
  await withApp(t, async ({ page, baseUrl }) => {
    // An anonymous visitor opening an account section is sent to sign in, then brought back.
    await page.goto(baseUrl + "/accounts/100200300/meters");
    await page.getByTestId("login-submit").waitFor({ timeout: 15000 });
    assert.equal(new URL(page.url()).searchParams.get("next"), "/accounts/100200300/meters");

    // An accidental Enter on an empty form is answered at once and sends nothing (it must not
    // count as a failed sign-in).
    let tries = 0;
    await page.route("**/api/v1/auth/login", (route) => { tries += 1; return route.continue(); });
    await page.getByTestId("login-submit").click();
    await page.getByTestId("error-login").waitFor({ timeout: 5000 });
    assert.equal(await page.evaluate(() => document.activeElement?.id), "f-login");
    assert.equal(tries, 0);

    // A wrong password: the error is announced and focused, not left above the visible area.
    await page.getByLabel("Логин или e-mail").fill("ivanova");
    await page.getByLabel("Пароль", { exact: true }).fill("not-her-password");
    await page.getByTestId("login-submit").click();
    await page.getByTestId("error-banner").waitFor({ timeout: 15000 });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "error-banner");

    // «Показать» reveals what was typed.
    const field = page.getByLabel("Пароль", { exact: true });
    assert.equal(await field.getAttribute("type"), "password");
    await page.getByTestId("show-password").click();
    assert.equal(await field.getAttribute("type"), "text");
    assert.equal(await page.getByTestId("show-password").textContent(), "Скрыть");
    await field.fill("demo-resident-2026");
    await page.getByTestId("login-submit").click();
    await page.getByTestId("meter-card-M-100200300-1").waitFor({ timeout: 15000 });
    assert.equal(new URL(page.url()).pathname, "/accounts/100200300/meters");
    const section = await page.locator("main h2").first().textContent();
    assert.equal(await page.title(), `${section} — Личный кабинет`);
    await checkA11y(page, "an account section reached by a deep link");

    // A resident who opens a staff page is told it is for staff.
    await page.goto(baseUrl + "/operator/users");
    await page.getByTestId("staff-only").waitFor({ timeout: 15000 });
    assert.match(await page.getByTestId("staff-only").textContent(), /для сотрудников/);
  }, { seed: true });
});

test("registration without the personal-data consent says why, on the checkbox, and focuses it", async (t) => {
  await withApp(t, async ({ page, baseUrl }) => {
    await page.goto(baseUrl + "/register");
    await page.getByTestId("rules-text").waitFor({ timeout: 15000 });
    // The Rules keep their numbered and bulleted lists.
    assert.ok(await page.getByTestId("rules-text").locator("ol > li").count() >= 6);
    assert.ok(await page.getByTestId("rules-text").locator("ul > li").count() >= 4);
    await page.getByLabel("Логин", { exact: true }).fill("no.consent");
    await page.getByLabel("ФИО собственника помещения").fill("Соколова Елена Викторовна");
    await page.getByLabel("Электронная почта").fill("no.consent@example.ru");
    await page.getByLabel("Мобильный телефон").fill("8 912 345-67-80");
    await page.getByLabel("Пароль", { exact: true }).fill(PASSWORD);
    await page.getByLabel("Я ознакомлен(а) с Правилами и согласен(на) с ними").check();
    let sent = 0;
    await page.route("**/api/v1/auth/register", (route) => { sent += 1; return route.continue(); });
    await page.getByTestId("register-submit").click();
    const message = page.getByTestId("error-consent-personal");
    await message.waitFor({ timeout: 5000 });
    assert.match(await message.textContent(), /Без согласия на обработку персональных данных/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "consent-personal");
    assert.equal(await page.locator("#consent-personal").getAttribute("aria-describedby"), "consent-personal-error");
    assert.equal(sent, 0);
    await checkA11y(page, "registration refused for a missing consent");
  });
});
