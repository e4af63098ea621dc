// «Данные счётчиков» in real headless Chromium on a phone-sized page: the demo resident sees
// each meter's last billed reading beside the current one, the window and the verification
// warning, the monthly use as a chart (with its numbers as a table for screen readers); the one
// form checks each value as it is typed with the meter's own decimal places, previews the
// charge, asks in plain words before sending an unusual value, and ends with the numbers to
// quote and the updated cards. The window is every day of the month here, so the test does not
// depend on today's date.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkA11y, withApp } from "./harness.mjs";

const HOT = "M-100200300-1"; // hot water, m³, 3 decimals
const HEAT = "M-100200300-2"; // heating, Gcal, 4 decimals

/** «1 234,567 м³» as a number. */
const number = (text) => Number(text.replace(/[^\d,]/g, "").replace(",", "."));

/** A number as the Russian form shows it: comma, `places` decimals. */
const typed = (value, places) => value.toFixed(places).replace(".", ",");

test("a resident on a phone sends both meters in one form, confirms an unusual value and gets the numbers to quote", async (t) => {
  await withApp(t, async ({ page, baseUrl, consoleLog }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(baseUrl + "/login");
    await page.getByLabel("Логин или e-mail").fill("ivanova");
    await page.getByLabel("Пароль").fill("demo-resident-2026");
    await page.getByTestId("login-submit").click();
    // Home's «Передать показания» leads to the section.
    const home = page.getByTestId("account-100200300");
    await home.waitFor({ timeout: 15000 });
    // The section is its own bundle under /meters/ (the resident bundle stays within its budget):
    // the resident bundle loads the address again and the server answers with the meters shell.
    const metersWasm = page.waitForResponse((r) => r.url().includes("/meters/") && r.url().endsWith(".wasm"));
    await home.getByRole("link", { name: "Передать показания" }).click();
    assert.match((await metersWasm).url(), /\/meters\/kabinet-web-[0-9a-f]+_bg\.wasm$/);
    assert.equal(new URL(page.url()).pathname, "/accounts/100200300/meters");

    // One card per meter: the last billed reading beside the current one, the window, and the
    // heat meter's verification warning (it is due in 45 days in the demo data).
    const hotCard = page.getByTestId(`meter-card-${HOT}`);
    const heatCard = page.getByTestId(`meter-card-${HEAT}`);
    await hotCard.waitFor({ timeout: 15000 });
    assert.equal(await page.title(), "Данные счётчиков — Личный кабинет");
    assert.match(await hotCard.getByRole("heading").textContent(), /^Горячая вода №\sГВС-\d+$/);
    const billedHot = number(await hotCard.getByTestId("last-billed").locator("strong").textContent());
    const billedHeat = number(await heatCard.getByTestId("last-billed").locator("strong").textContent());
    assert.match(await hotCard.getByTestId("last-billed").textContent(), /^\d+,\d{3} м³на \d\d\.\d\d\.\d{4}, за период \d\d\.\d{4}$/);
    assert.match(await heatCard.getByTestId("last-billed").textContent(), /^\d+,\d{4} Гкал/);
    // Nothing sent since the billing: the current reading is the billed one.
    const billedCurrent = await hotCard.getByTestId("current").textContent();
    assert.match(billedCurrent, /^\d+,\d{3} м³на \d\d\.\d\d\.\d{4} — учтено, номер \d{4}-\d{6}$/);
    assert.match(await hotCard.getByTestId("window").textContent(),
      /^Приём показаний открыт до \d\d\.\d\d\.\d{4}, осталось \d+ (день|дня|дней)$/);
    assert.match(await heatCard.getByTestId("verification-warning").textContent(), /Срок поверки скоро истекает.*поверка до \d\d\.\d\d\.\d{4}/);
    assert.equal(await hotCard.getByTestId("verification-warning").count(), 0);

    // The monthly use as a picture that fits the phone, with its numbers in a table.
    const usage = page.getByTestId(`usage-${HOT}`);
    const chart = usage.getByRole("img");
    await chart.waitFor({ timeout: 15000 });
    assert.match(await chart.getAttribute("aria-label"), /^Расход по месяцам, м³: наибольший \d+,\d{3} м³ \(\d\d\.\d{4}\); все значения — в таблице$/);
    assert.equal(await usage.locator("table.visually-hidden tbody tr").count(), 24);
    const box = await chart.boundingBox();
    assert.ok(box.width > 200 && box.x + box.width <= 390, `the chart fits the screen: ${JSON.stringify(box)}`);
    await checkA11y(page, "the meters section on a phone");

    // The form checks a value as it is typed, with the meter's own decimal places…
    const hot = page.getByLabel(/^Горячая вода №\sГВС-\d+, м³$/);
    const heat = page.getByLabel(/^Отопление №\sТЕП-\d+, Гкал$/);
    assert.equal(await hot.getAttribute("inputmode"), "decimal");
    await hot.fill("12,3456");
    assert.equal(await page.getByTestId("error-reading-0").textContent(), "Знаков после запятой больше, чем показывает счётчик.");
    assert.equal(await hot.getAttribute("aria-invalid"), "true");
    // …and against the previous reading once as many whole digits are typed.
    await hot.fill(String(Math.floor(billedHot) - 1));
    assert.match(await page.getByTestId("error-reading-0").textContent(), /^Меньше предыдущего принятого показания/);

    // +100 m³ since the last billed reading: far more than 2 m³ a day.
    const hotValue = typed(billedHot + 100, 3);
    const heatValue = typed(billedHeat + 0.05, 4);
    await hot.fill(hotValue);
    assert.equal(await hot.getAttribute("aria-invalid"), "false");
    // Leaving the field shows the estimated charge at today's tariff.
    await heat.focus();
    await page.getByTestId(`preview-${HOT}`).getByText(/^Расход 100,000 м³ × [\d\u202f]+,\d\d\u00a0₽ ≈ [\d\u202f]+,\d\d\u00a0₽ по текущему тарифу$/).waitFor({ timeout: 10000 });
    await heat.fill(heatValue);
    await page.getByTestId("readings-submit").click();

    // The unusual value is explained in plain words, and nothing is saved until confirmed.
    const ask = page.getByTestId("confirm-unusual");
    await ask.waitFor({ timeout: 10000 });
    const said = await ask.textContent();
    assert.match(said, /Горячая вода №\sГВС-\d+\. Расход 100,000 м³ за \d+ дн\. — это больше предела 2 м³ в сутки\./);
    assert.match(said, new RegExp(`Предыдущее показание ${typed(billedHot, 3)} м³, новое ${hotValue} м³\\.`));
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "confirm-unusual", "focus moved to the question");
    assert.equal(await hotCard.getByTestId("current").textContent(), billedCurrent);
    await checkA11y(page, "the question about an unusual reading");
    await page.getByTestId("confirm-yes").click();

    // The numbers to quote, and the cards now show the new readings.
    const saved = page.getByTestId("readings-saved");
    await saved.waitFor({ timeout: 10000 });
    const answer = await saved.textContent();
    assert.match(answer, /^Показания приняты/);
    const hotNo = answer.match(new RegExp(`Горячая вода №\\sГВС-\\d+: ${hotValue} м³, номер (\\d{4}-\\d{6})`))?.[1];
    const heatNo = answer.match(new RegExp(`Отопление №\\sТЕП-\\d+: ${heatValue} Гкал, номер (\\d{4}-\\d{6})`))?.[1];
    assert.ok(hotNo && heatNo && hotNo !== heatNo, answer);
    assert.match(answer, /Необычные показания посмотрит специалист абонентского отдела\./);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "readings-saved", "focus moved to the answer");
    await hotCard.getByTestId("current").getByText(hotNo, { exact: false }).waitFor({ timeout: 10000 });
    assert.match(await hotCard.getByTestId("current").textContent(), new RegExp(`^${hotValue} м³на \\d\\d\\.\\d\\d\\.\\d{4} — принято, номер ${hotNo}$`));
    assert.equal(await hotCard.getByTestId("consumption").textContent(), "Расход: 100,000 м³");
    assert.match(await heatCard.getByTestId("current").textContent(), new RegExp(`^${heatValue} Гкал.*номер ${heatNo}$`));
    assert.equal(await hot.inputValue(), "", "the form is empty again");

    // The history has the new reading, flagged for a look, with «Показать ещё» for older ones.
    await usage.getByText("История показаний").click();
    const firstRow = usage.locator("table.data tbody tr").first();
    await firstRow.getByText(hotNo).waitFor({ timeout: 10000 });
    assert.match(await firstRow.textContent(), /личный кабинет.*принято, на проверке/);
    assert.equal(await usage.locator("table.data tbody tr").count(), 12);
    await usage.getByTestId("load-more").click();
    await usage.locator("table.data tbody tr").nth(12).waitFor({ timeout: 10000 });
    await checkA11y(page, "the meters section after sending");
    if (process.env.METERS_SCREENSHOT) await page.screenshot({ path: process.env.METERS_SCREENSHOT, fullPage: true });

    // The browser logs the 422 that asked for the confirmation; nothing else may fail.
    const errors = consoleLog.filter((line) => (line.startsWith("[error]") || line.startsWith("[pageerror]"))
      && !line.includes("status of 422"));
    assert.deepEqual(errors, []);
  }, { seed: true, env: { KABINET_READING_WINDOW: "1-31" } });
});
