// Appeals (Rules, section 4) and notices in real headless Chromium: the demo resident files a
// complaint about her account with a photo, the operator sees it counted on the office's
// overview, takes and answers it in the staff bundle, and the resident reads the answer; a new
// resident sees the e-mail banner until she enters the code from the message; the
// notification choices save. Every page is checked with axe-core.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkA11y, withApp } from "./harness.mjs";


// A 1×1 PNG.
const PHOTO = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0b8a3a70000000049454e44ae426082",
  "hex",
);

async function signIn(page, baseUrl, login, password) {
  await page.goto(baseUrl + "/login");
  await page.getByLabel("Логин или e-mail").fill(login);
  await page.getByLabel("Пароль", { exact: true }).fill(password);
  await page.getByTestId("login-submit").click();
}

test("a resident files a complaint with a photo, the office answers it, the resident reads the answer", async (t) => {
  await withApp(t, async ({ page: resident, browser, baseUrl }) => {
    await signIn(resident, baseUrl, "ivanova", "demo-resident-2026");
    await resident.getByTestId("account-100200300").waitFor({ timeout: 15000 });
    // The demo address is verified: no banner.
    assert.equal(await resident.getByTestId("email-banner").count(), 0);
    await resident.getByRole("link", { name: "Обращения" }).click();
    const form = resident.getByTestId("new-appeal");
    await form.waitFor({ timeout: 15000 });
    assert.equal(await resident.title(), "Обращения — Личный кабинет");
    await checkA11y(resident, "the appeals page");

    // An empty form is refused in the browser, field by field.
    await resident.getByTestId("appeal-submit").click();
    await form.getByText("Заполните это поле.").first().waitFor({ timeout: 5000 });

    await resident.getByLabel("Вид обращения").selectOption("complaint");
    await resident.getByLabel("Тема").fill("Холодные батареи");
    await resident.getByLabel("Текст обращения").fill("С 20 ноября батареи в квартире едва тёплые.");
    await resident.getByLabel("Лицевой счёт (если обращение о нём)").selectOption("100200300");
    await resident.getByTestId("appeal-submit").click();
    const card = resident.getByTestId("appeal");
    await card.waitFor({ timeout: 15000 });
    const heading = await resident.getByRole("heading", { level: 1 }).textContent();
    const number = heading.match(/^Обращение № (\d{4}-\d{6})$/)?.[1];
    assert.ok(number, `the number to quote: ${heading}`);
    assert.equal(await card.getByTestId("appeal-status").textContent(), "Новое");
    assert.match(await card.textContent(), /Срок ответа\d\d\.\d\d\.\d{4}/);

    // A photo: attached and listed; a text file posing as a photo is refused with a clear message.
    await resident.getByLabel("Приложить файл").setInputFiles({ name: "батарея.png", mimeType: "image/png", buffer: PHOTO });
    await resident.getByTestId("appeal-file").first().waitFor({ timeout: 15000 });
    assert.match(await resident.getByTestId("appeal-file").first().textContent(), /^батарея\.png \(1 KB\)$/);
    await resident.getByLabel("Приложить файл").setInputFiles({ name: "фото.png", mimeType: "image/png", buffer: Buffer.from("не картинка") });
    await resident.getByTestId("error-banner").waitFor({ timeout: 15000 });
    assert.match(await resident.getByTestId("error-banner").textContent(), /только изображение/);
    assert.equal(await resident.getByTestId("appeal-file").count(), 1);
    await checkA11y(resident, "the filed appeal");

    // The office: the overview counts it, the list links to it; take, answer.
    const staffContext = await browser.newContext({ locale: "ru-RU" });
    const operator = await staffContext.newPage();
    await signIn(operator, baseUrl, "operator", "demo-operator-2026");
    await operator.waitForURL("**/operator/users", { timeout: 15000 });
    await operator.getByRole("link", { name: "Сводка" }).click();
    const fresh = operator.getByTestId("summary-new");
    await fresh.waitFor({ timeout: 15000 });
    assert.match(await fresh.textContent(), /^1 Новые обращения$/);
    assert.match(await operator.getByTestId("summary-overdue").textContent(), /^0 Просроченные обращения$/);
    await checkA11y(operator, "the office's overview");
    await fresh.getByRole("link").click();
    const row = operator.getByTestId(`staff-appeal-${number}`);
    await row.waitFor({ timeout: 15000 });
    assert.match(await row.textContent(), /Иванова/);
    await checkA11y(operator, "the office's appeal list");
    await row.getByRole("link").click();
    const staffCard = operator.getByTestId("staff-appeal");
    await staffCard.waitFor({ timeout: 15000 });
    assert.equal(await operator.getByTestId("staff-appeal-file").textContent(), "батарея.png");
    await operator.getByTestId("appeal-take").click();
    await operator.getByTestId("staff-appeal-status").getByText("В работе").waitFor({ timeout: 10000 });
    await operator.getByLabel("Ответ заявителю").fill("Давление в системе восстановлено 22 ноября.");
    await operator.getByTestId("appeal-answer-submit").click();
    await operator.getByTestId("staff-appeal-status").getByText("Дан ответ").waitFor({ timeout: 10000 });
    await checkA11y(operator, "the answered appeal in the staff bundle");

    // The resident reads the answer.
    await resident.reload();
    const answer = resident.getByTestId("appeal-answer-text");
    await answer.waitFor({ timeout: 15000 });
    assert.equal(await answer.textContent(), "Давление в системе восстановлено 22 ноября.");
    assert.equal(await resident.getByTestId("appeal-status").textContent(), "Дан ответ");
    await resident.getByRole("link", { name: "Все обращения" }).click();
    await resident.getByTestId(`appeal-${number}`).waitFor({ timeout: 15000 });
    assert.equal(await resident.getByTestId(`appeal-${number}`).getByTestId("appeal-status").textContent(), "Дан ответ");

    // Notification choices: one switched off, kept after a reload.
    await resident.goto(baseUrl + "/profile/notifications");
    const box = resident.getByTestId("n-receipt_available-sms");
    await box.waitFor({ timeout: 15000 });
    assert.equal(await box.isChecked(), true);
    // The box shows what is recorded: it changes once the server has saved the choice.
    await box.click();
    await resident.getByText("Настройки уведомлений сохранены.").waitFor({ timeout: 10000 });
    assert.equal(await box.isChecked(), false);
    await checkA11y(resident, "the notification choices");
    await resident.reload();
    await resident.getByTestId("n-receipt_available-sms").waitFor({ timeout: 15000 });
    assert.equal(await resident.getByTestId("n-receipt_available-sms").isChecked(), false);
    // «Мои данные» downloads one JSON document.
    const download = resident.waitForEvent("download");
    await resident.getByTestId("my-data-download").click();
    assert.match((await download).suggestedFilename(), /^kabinet-my-data-\d{4}-\d\d-\d\d\.json$/);
  }, { seed: true });
});

test("a new resident sees the e-mail banner until she enters the code from the message", async (t) => {
  await withApp(t, async ({ page, baseUrl, server }) => {
    await page.goto(baseUrl + "/register");
    await page.getByTestId("rules-text").waitFor({ timeout: 15000 });
    await page.getByLabel("Логин", { exact: true }).fill("novikova");
    await page.getByLabel("ФИО собственника помещения").fill("Новикова Ирина Петровна");
    await page.getByLabel("Электронная почта").fill("novikova@example.ru");
    await page.getByLabel("Мобильный телефон").fill("8 913 555-11-22");
    await page.getByLabel("Пароль", { exact: true }).fill("Тёплый-дом-2026!");
    await page.getByLabel("Я ознакомлен(а) с Правилами и согласен(на) с ними").check();
    await page.getByLabel(/Согласие на обработку персональных данных/).check();
    await page.getByTestId("register-submit").click();
    const banner = page.getByTestId("email-banner");
    await banner.waitFor({ timeout: 20000 });
    await checkA11y(page, "a page with the e-mail banner");
    await banner.getByRole("link", { name: "Ввести код" }).click();
    await page.getByLabel("Код из письма").waitFor({ timeout: 15000 });
    // A wrong code first.
    await page.getByLabel("Код из письма").fill("000000");
    await page.getByTestId("verify-submit").click();
    await page.getByTestId("error-banner").waitFor({ timeout: 10000 });
    // The code from the message (read where the server keeps what it would send).
    const code = server.verificationCode("novikova@example.ru");
    await page.getByLabel("Код из письма").fill(code);
    await page.getByTestId("verify-submit").click();
    await page.getByTestId("email-verified").waitFor({ timeout: 10000 });
    await checkA11y(page, "the verified address");
    await page.goto(baseUrl + "/profile");
    await page.getByTestId("personal").waitFor({ timeout: 15000 });
    assert.equal(await page.getByTestId("email-banner").count(), 0, "no banner once verified");
  }, { env: { KABINET_OUTBOX_WORKER: "false" } }); // the message waits in the outbox, unsent
});
