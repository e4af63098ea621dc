// The office's side of meter readings in real headless Chromium: the operator opens
// «Показания на проверке», sees the demo's one flagged reading with why it was flagged, rejects
// it with a reason asked in a confirmation, and the list is empty; then, on an account's page,
// enters a reading a resident gives on the phone and gets the number to quote, and an unusual
// one only after confirming it. The window is every day of the month here, so the test does
// not depend on today's date.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkA11y, withApp } from "./harness.mjs";

const HOT = "M-100200300-1"; // hot water, m³, 3 decimals
const HEAT = "M-100200300-2"; // heating, Gcal, 4 decimals

/** «1234,567 м³» as a number. */
const number = (text) => Number(text.replace(/[^\d,]/g, "").replace(",", "."));

test("an operator rejects the flagged reading with a reason and enters a reading given on the phone", async (t) => {
  await withApp(t, async ({ page, baseUrl }) => {
    await page.goto(baseUrl + "/login");
    await page.getByLabel("Логин или e-mail").fill("operator");
    await page.getByLabel("Пароль", { exact: true }).fill("demo-operator-2026");
    await page.getByTestId("login-submit").click();
    await page.waitForURL("**/operator/users", { timeout: 15000 });

    // The staff navigation leads to the flagged readings.
    await page.getByRole("link", { name: "Показания на проверке" }).click();
    const table = page.getByTestId("flagged");
    await table.waitFor({ timeout: 15000 });
    assert.equal(new URL(page.url()).pathname, "/operator/readings");
    assert.equal(await page.title(), "Показания на проверке — Личный кабинет");
    const rows = table.locator("tbody tr");
    assert.equal(await rows.count(), 1);
    const row = rows.first();
    assert.equal(await row.getByRole("link").textContent(), "100200301");
    assert.match(await row.textContent(), /Горячая вода/);
    assert.equal(await row.getByTestId("flag-reason").textContent(),
      "расход более чем в 5 раз выше среднего за три периода");
    await checkA11y(page, "the flagged readings");

    // «Отклонить» asks first, with the reason the resident will see; an empty one is refused.
    const readingNo = (await row.getAttribute("data-testid")).replace(/^flagged-/, "");
    assert.match(readingNo, /^\d{4}-\d{6}$/);
    await page.getByTestId(`reject-${readingNo}`).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor({ timeout: 5000 });
    assert.match(await dialog.textContent(), new RegExp(`Отклонить показание № ${readingNo}\\?`));
    await page.getByTestId(`reject-${readingNo}-yes`).click();
    await dialog.getByText("Заполните это поле.").waitFor({ timeout: 5000 });
    await dialog.getByLabel("Причина").fill("Житель сообщил по телефону: ошибся цифрой");
    await page.getByTestId(`reject-${readingNo}-yes`).click();
    const nothing = page.getByTestId("nothing-found");
    await nothing.waitFor({ timeout: 10000 });
    assert.equal(await nothing.textContent(), "Показаний на проверке нет.");
    await checkA11y(page, "the empty flagged list");

    // The rejected reading shows on its account's meter, with the reason.
    await page.goto(baseUrl + "/operator/accounts/100200301");
    const rejected = page.getByTestId("meter-M-100200301-1").getByTestId("current");
    await rejected.waitFor({ timeout: 15000 });
    assert.match(await rejected.textContent(), new RegExp(`отклонено, номер ${readingNo}Житель сообщил по телефону`));

    // A reading given on the phone for the demo resident's hot-water meter.
    await page.goto(baseUrl + "/operator/accounts/100200300");
    const meter = page.getByTestId(`meter-${HOT}`);
    await meter.waitFor({ timeout: 15000 });
    assert.match(await meter.getByRole("heading").textContent(), /^Горячая вода №\sГВС-\d+$/);
    const billed = number(await meter.getByTestId("last-billed").locator("strong").textContent());
    assert.ok(billed > 0, "the last billed value is shown");
    const value = (billed + 1.5).toFixed(3).replace(".", ",");
    await meter.getByLabel("Показание со слов жителя, м³").fill(value);
    await page.getByTestId(`enter-${HOT}-submit`).click();
    const accepted = meter.getByTestId("reading-accepted");
    await accepted.waitFor({ timeout: 15000 });
    const quoted = (await accepted.textContent()).match(/^Принято, № (\d{4}-\d{6})$/);
    assert.ok(quoted, `the number to quote: ${await accepted.textContent()}`);
    // The meter shows it as its current reading.
    await meter.getByTestId("current").getByText(`${value} м³`).waitFor({ timeout: 10000 });
    assert.match(await meter.getByTestId("current").textContent(), new RegExp(`принято, номер ${quoted[1]}`));

    // An unusual value is explained in plain words and taken only once the operator confirms.
    const heat = page.getByTestId(`meter-${HEAT}`);
    const heatBilled = number(await heat.getByTestId("last-billed").locator("strong").textContent());
    await heat.getByLabel("Показание со слов жителя, Гкал").fill((heatBilled + 50).toFixed(4).replace(".", ","));
    await page.getByTestId(`enter-${HEAT}-submit`).click();
    const unusual = heat.getByTestId("confirm-unusual");
    await unusual.waitFor({ timeout: 15000 });
    assert.match(await unusual.textContent(), /^Отопление №\sТЕП-\d+\. Расход 50,0000 Гкал за \d+ дн\./);
    await checkA11y(page, "an unusual reading to confirm");
    await unusual.getByRole("button", { name: "Подтвердить" }).click();
    await heat.getByTestId("reading-accepted").waitFor({ timeout: 15000 });
    assert.match(await heat.getByTestId("reading-accepted").textContent(), /^Принято, № \d{4}-\d{6}$/);
    await checkA11y(page, "an account's meters");
  }, { seed: true, env: { KABINET_READING_WINDOW: "1-31" } });
});
