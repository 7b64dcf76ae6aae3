import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect } from "@playwright/test";

/** Page model of the signed-out screen and the account screen, in the words a person sees. */
export class CadencePage {
  constructor(readonly page: Page) {}

  static async open(browser: Browser): Promise<CadencePage> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/");
    return new CadencePage(page);
  }

  get context(): BrowserContext {
    return this.page.context();
  }

  async register(email: string, password: string, name?: string): Promise<void> {
    await this.page.getByRole("button", { name: "New here? Create an account" }).click();
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    if (name) await this.page.getByLabel("Name (optional)").fill(name);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  async login(email: string, password: string): Promise<void> {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Log in" }).click();
  }

  async openAccount(): Promise<void> {
    await this.page.getByRole("link", { name: "Account" }).click();
    await expect(this.page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  }

  displayName() {
    return this.page.getByLabel("Display name");
  }

  async setDisplayName(name: string): Promise<void> {
    await this.displayName().fill(name);
    await this.displayName().press("Enter");
    await this.displayName().blur();
  }

  async logout(): Promise<void> {
    await this.page.getByRole("button", { name: "Log out" }).click();
    await expect(this.page.getByRole("button", { name: "Log in" })).toBeVisible();
  }

  /** Names of the IndexedDB databases this origin holds. */
  async databases(): Promise<string[]> {
    return this.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ""));
  }
}

let n = 0;
export const uniqueEmail = (tag: string) => `${tag}-${Date.now()}-${++n}@example.test`;
export const PASSWORD = "a long enough password";
