// The SPA shell in real headless Chromium: a visitor's home page with the office's contacts in
// Russian, then in English after switching (remembered across a reload), a 404 page for unknown
// routes, a loading state and a retry when the app or a request fails, and no console errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkA11y, withApp } from "./harness.mjs";

test("a visitor's home says how to start and shows the office, in Russian, then in English", async (t) => {
  await withApp(t, async ({ page, baseUrl, consoleLog }) => {
    const wasm = page.waitForResponse((r) => r.url().endsWith(".wasm"));
    await page.goto(baseUrl + "/");
    // The app's code comes precompressed with brotli and is cached as immutable.
    const headers = (await wasm).headers();
    // A resident's page loads the resident bundle, never the staff one.
    assert.ok(!(await wasm).url().includes("/operator/"), (await wasm).url());
    assert.equal(headers["content-encoding"], "br");
    assert.equal(headers["cache-control"], "public, max-age=31536000, immutable");
    const phone = page.getByTestId("office-phone");
    await phone.waitFor({ timeout: 15000 });
    assert.equal(await phone.textContent(), "+7 (394) 222-00-00");
    assert.equal(await page.getByTestId("office-hours").textContent(), "пн–пт 8:00–17:00, обед 12:00–13:00");
    assert.equal(await page.locator("html").getAttribute("lang"), "ru");
    assert.equal(await page.title(), "Личный кабинет");
    // Residents are not shown the server's internals.
    assert.doesNotMatch(await page.locator("main").textContent(), /SQLite|Версия/);
    await page.getByRole("link", { name: "Вход" }).first().waitFor();

    await page.getByTestId("lang-en").click();
    await page.getByText("Opening hours").waitFor({ timeout: 5000 });
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    assert.equal(await page.title(), "Personal account");
    await page.getByRole("link", { name: "Help" }).click();
    await page.getByTestId("help").waitFor({ timeout: 5000 });
    assert.equal(await page.title(), "Help — Personal account");

    // The choice survives a reload.
    await page.reload();
    await page.getByTestId("help").waitFor({ timeout: 15000 });
    assert.match(await page.getByTestId("help").textContent(), /Where do I get the code/);
    assert.equal(await page.getByTestId("lang-en").getAttribute("aria-pressed"), "true");

    const errors = consoleLog.filter((line) => line.startsWith("[error]") || line.startsWith("[pageerror]"));
    assert.deepEqual(errors, []);
  });
});

test("an unknown client-side route shows the 404 page with a way home", async (t) => {
  await withApp(t, async ({ page, baseUrl }) => {
    const response = await page.goto(baseUrl + "/no/such/page");
    assert.equal(response.status(), 200, "deep links are served the SPA shell");
    await page.getByTestId("not-found").waitFor({ timeout: 15000 });
    assert.match(await page.getByTestId("not-found").textContent(), /Страница не найдена/);
    await page.getByRole("link", { name: "На главную" }).click();
    await page.getByTestId("office-phone").waitFor({ timeout: 15000 });
    assert.equal(new URL(page.url()).pathname, "/");
    // Focus moved to the new page's heading, so a screen reader announces it.
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H1");
  });
});

test("a failed request shows a translated error with a retry button", async (t) => {
  await withApp(t, async ({ page, baseUrl }) => {
    let fail = true;
    await page.route("**/api/v1/office", (route) => (fail ? route.abort() : route.continue()));
    await page.goto(baseUrl + "/");
    const banner = page.getByTestId("error-banner");
    await banner.waitFor({ timeout: 15000 });
    assert.match(await banner.textContent(), /Нет связи с сервером/);
    fail = false;
    await banner.getByRole("button", { name: "Повторить" }).click();
    await page.getByTestId("office-phone").waitFor({ timeout: 15000 });
    assert.equal(await page.getByTestId("error-banner").count(), 0);
  });
});

test("while the app loads a loading state shows, and a failed load offers a retry", async (t) => {
  await withApp(t, async ({ page, baseUrl }) => {
    let broken = true;
    await page.route("**/*.wasm", (route) => (broken ? route.abort() : route.continue()));
    await page.goto(baseUrl + "/");
    const failed = page.getByTestId("boot-failed");
    await failed.waitFor({ timeout: 15000 });
    assert.match(await failed.textContent(), /Не удалось загрузить личный кабинет/);
    assert.equal(await page.locator("#boot").isVisible(), false);
    broken = false;
    await failed.getByRole("button", { name: /Повторить/ }).click();
    await page.getByTestId("office-phone").waitFor({ timeout: 15000 });
    assert.equal(await page.locator("#boot").count(), 0, "the loading state is gone once the app runs");
    assert.equal(await page.getByTestId("boot-failed").count(), 0);
  });
});

test("the accessibility check fails on a real violation (so its silence means something)", async (t) => {
  await withApp(t, async ({ page, baseUrl }) => {
    await page.goto(baseUrl + "/");
    await page.getByTestId("office-phone").waitFor({ timeout: 15000 });
    await checkA11y(page, "the home page");
    await page.evaluate(() => {
      const img = document.createElement("img");
      img.src = "/no-such.png";
      document.querySelector("main").appendChild(img);
    });
    await assert.rejects(checkA11y(page, "a page with an image without alt"), /image-alt \(critical\)/);
    await page.evaluate(() => document.querySelector("main img").remove());
  });
});
