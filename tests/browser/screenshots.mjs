// Remakes the README's screenshots from the demo data (not a test; run it by hand after UI
// changes): `node tests/browser/screenshots.mjs` with the release binary and web/dist built.
import { join } from "node:path";
import { openBrowser, startServer } from "./harness.mjs";

const DOCS = join(import.meta.dirname, "..", "..", "docs");

const server = await startServer({ seed: true });
const { browser, page } = await openBrowser();
try {
  const base = server.baseUrl;
  await page.goto(base + "/");
  await page.getByTestId("office-phone").waitFor({ timeout: 15000 });
  await page.screenshot({ path: join(DOCS, "screenshot-home.png"), fullPage: true });

  await page.goto(base + "/login");
  await page.getByLabel("Логин или e-mail").fill("ivanova");
  await page.getByLabel("Пароль", { exact: true }).fill("demo-resident-2026");
  await page.getByTestId("login-submit").click();
  await page.getByTestId("account-100200300").waitFor({ timeout: 15000 });
  await page.screenshot({ path: join(DOCS, "screenshot-dashboard.png"), fullPage: true });
  await page.goto(base + "/accounts/100200300/info");
  await page.getByTestId("reading-window").waitFor({ timeout: 15000 });
  await page.screenshot({ path: join(DOCS, "screenshot-account.png"), fullPage: true });
  await page.goto(base + "/accounts/100200300/meters");
  await page.getByTestId("usage-M-100200300-2").getByRole("img").waitFor({ timeout: 15000 });
  await page.screenshot({ path: join(DOCS, "screenshot-meters.png"), fullPage: true });
  await page.goto(base + "/accounts/100200300/history");
  const months = page.getByTestId("statement").locator("tbody > tr[data-testid^=month-]");
  await months.first().waitFor({ timeout: 15000 });
  await months.nth(1).getByRole("button").click();
  await page.screenshot({ path: join(DOCS, "screenshot-history.png"), fullPage: true });

  const phone = await browser.newContext({ locale: "ru-RU", viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const mobile = await phone.newPage();
  await mobile.goto(base + "/register");
  await mobile.getByTestId("rules-text").waitFor({ timeout: 15000 });
  await mobile.screenshot({ path: join(DOCS, "screenshot-register-mobile.png") });

  const staff = await browser.newContext({ locale: "ru-RU", viewport: { width: 1280, height: 900 } });
  const op = await staff.newPage();
  await op.goto(base + "/login");
  await op.getByLabel("Логин или e-mail").fill("operator");
  await op.getByLabel("Пароль", { exact: true }).fill("demo-operator-2026");
  await op.getByTestId("login-submit").click();
  await op.waitForURL("**/operator/users", { timeout: 15000 });
  await op.goto(base + "/operator/accounts/100200301");
  await op.getByTestId("operator-account").waitFor({ timeout: 15000 });
  await op.getByTestId("issue-code").click();
  await op.getByTestId("code-slip").waitFor({ timeout: 15000 });
  await op.screenshot({ path: join(DOCS, "screenshot-operator.png"), fullPage: true });
} finally {
  await browser.close();
  await server.stop();
}
