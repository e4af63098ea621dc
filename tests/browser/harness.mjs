// Browser-test harness: starts the real release binary on a free port with a fresh SQLite
// database and the built SPA (web/dist), and opens Debian's Chromium through playwright-core.
// On failure, `saveArtifacts` writes a screenshot and the console log under target/.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(ROOT, "tools", "package.json"));
const { chromium } = require("playwright-core");
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const BIN = process.env.KABINET_BIN ?? join(ROOT, "target", "release", "kabinet");
export const ARTIFACTS = join(ROOT, "target", "browser-artifacts");

/** Starts `kabinet serve` (after `kabinet seed-demo` when `seed`), with `env` added to its
 * environment (e.g. `KABINET_READING_WINDOW`); resolves to { baseUrl, stop() }. */
export async function startServer({ seed = false, env: extra = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "kabinet-browser-"));
  const env = {
    ...process.env,
    DATABASE_URL: join(dir, "kabinet.db"),
    KABINET_LISTEN: "127.0.0.1:0",
    KABINET_STATIC_DIR: join(ROOT, "web", "dist"),
    // The outbox worker's .eml files stay in the test's own folder.
    KABINET_MAIL_DIR: join(dir, "mail"),
    RUST_LOG: "warn",
    ...extra,
  };
  if (seed) {
    const seeded = spawnSync(BIN, ["seed-demo"], { env, encoding: "utf8" });
    if (seeded.status !== 0) throw new Error(`seed-demo failed:\n${seeded.stderr}`);
  }
  const child = spawn(BIN, ["serve"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kabinet did not start:\n${stderr}`)), 30000);
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/Kabinet listening on (\S+)/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`kabinet exited ${code}:\n${stderr}`)); });
  });
  const dbPath = env.DATABASE_URL;
  return {
    baseUrl,
    /** The code of the newest e-mail verification message to `email`, read from the outbox
     * (the `sqlite3` shell from Debian's package), as the resident would from her mailbox. */
    verificationCode(email) {
      const sql = `SELECT body FROM outbox WHERE recipient = '${email.replace(/'/g, "''")}' AND body LIKE '%verify-email?code=%' ORDER BY id DESC LIMIT 1`;
      const out = spawnSync("sqlite3", [dbPath, sql], { encoding: "utf8" });
      const code = out.stdout.match(/verify-email\?code=(\d{6})/)?.[1];
      if (!code) throw new Error(`no verification code for ${email}: ${out.stdout}${out.stderr}`);
      return code;
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Launches headless Chromium with the flags this machine needs; collects console messages. */
export async function openBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ locale: "ru-RU", viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const consoleLog = [];
  page.on("console", (msg) => consoleLog.push(`[${msg.type()}] ${msg.text()}`));
  page.on("pageerror", (err) => consoleLog.push(`[pageerror] ${err.message}`));
  return { browser, context, page, consoleLog };
}

/** Runs axe-core on the page as it is now and fails on any violation of impact serious or
 * critical, naming the rule and the elements. Evaluated through the DevTools protocol, so the
 * page's Content-Security-Policy (no inline scripts) does not stop it. */
export async function checkA11y(page, where = "") {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`);
  });
  if (violations.length > 0) {
    throw new Error(`accessibility violations on ${where || page.url()}:\n  ${violations.join("\n  ")}`);
  }
}

/** Saves a screenshot and the console log for a failed test. */
export async function saveArtifacts(name, page, consoleLog) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const safe = name.replace(/[^a-z0-9-]+/gi, "_");
  try { await page.screenshot({ path: join(ARTIFACTS, `${safe}.png`), fullPage: true }); } catch { /* page gone */ }
  writeFileSync(join(ARTIFACTS, `${safe}.console.log`), consoleLog.join("\n") + "\n");
  return join(ARTIFACTS, safe);
}

/** Runs `body({page, browser, baseUrl, consoleLog, server})` with a fresh server and browser, saving
 * artifacts on failure. `options.seed` loads the demo data first; `options.env` is added to the
 * server's environment. */
export async function withApp(t, body, options = {}) {
  const server = await startServer(options);
  const { browser, page, consoleLog } = await openBrowser();
  try {
    await body({ page, browser, baseUrl: server.baseUrl, consoleLog, server });
    // Whatever the test ended on must be accessible too.
    for (const context of browser.contexts()) {
      for (const open of context.pages()) {
        await checkA11y(open, `the last page of "${t.name}"`);
      }
    }
  } catch (err) {
    const where = await saveArtifacts(t.name, page, consoleLog);
    err.message += `\n(screenshot and console log: ${where}.*)`;
    throw err;
  } finally {
    await browser.close();
    await server.stop();
  }
}
