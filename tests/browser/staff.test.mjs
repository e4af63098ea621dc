// The staff area in real headless Chromium: find a resident by a phone typed the way people
// say it, open their page (contacts, linked accounts), block them with a reason asked in a
// confirmation, see it in the block history and in the audit log.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkA11y, withApp } from "./harness.mjs";

test("an operator finds a resident by phone, blocks them after confirming with a reason, and sees it logged", async (t) => {
  await withApp(t, async ({ page, baseUrl }) => {
    await page.goto(baseUrl + "/login");
    await page.getByLabel("Логин или e-mail").fill("operator");
    await page.getByLabel("Пароль", { exact: true }).fill("demo-operator-2026");
    await page.getByTestId("login-submit").click();
    await page.waitForURL("**/operator/users", { timeout: 15000 });

    await page.getByLabel("Поиск").fill("8 (999) 123-45-67");
    await page.getByRole("button", { name: "Найти" }).click();
    const row = page.getByTestId("user-ivanova");
    await row.waitFor({ timeout: 15000 });
    // The answer is announced to screen readers, with its size.
    assert.equal(await page.locator("p.visually-hidden[role=status]").textContent(), "Найдено: 1");
    await checkA11y(page, "the user search");

    // Blocking asks first, with the reason in the same dialog; an empty reason is refused.
    await page.getByTestId("block-ivanova").click();
    const dialog = page.getByRole("alertdialog");
    await dialog.waitFor({ timeout: 5000 });
    // Escape closes it and gives focus back to the button.
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached", timeout: 5000 });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "block-ivanova");
    await page.keyboard.press("Enter");
    await dialog.waitFor({ timeout: 5000 });
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), "INPUT", "focus is in the dialog");
    await page.getByTestId("block-ivanova-yes").click();
    await dialog.getByText("Заполните это поле.").waitFor({ timeout: 5000 });
    await dialog.getByLabel("Причина").fill("обращение №42: утерян телефон");
    await page.getByTestId("block-ivanova-yes").click();
    await row.getByText("заблокирован", { exact: true }).waitFor({ timeout: 10000 });

    // Her page: contacts, her account, the block with its reason.
    await row.getByRole("link", { name: "ivanova" }).click();
    await page.getByTestId("user-detail").waitFor({ timeout: 15000 });
    assert.match(new URL(page.url()).pathname, /^\/operator\/users\/\d+$/);
    const detail = await page.getByTestId("user-detail").textContent();
    assert.match(detail, /ivanova@kabinet\.example/);
    assert.match(await page.getByTestId("user-accounts").textContent(), /100200300/);
    assert.match(await page.getByTestId("block-history").textContent(), /\d\d\.\d\d\.\d{4}, \d\d:\d\d — заблокирован: обращение №42/);
    await checkA11y(page, "a user's page");

    // The audit log, filtered to her, shows the block.
    await page.getByRole("link", { name: "Действия с этим пользователем в журнале" }).click();
    await page.getByTestId("audit").waitFor({ timeout: 15000 });
    assert.match(await page.getByTestId("audit").textContent(), /user\.block/);
    await checkA11y(page, "the audit log");
  }, { seed: true });
});
