// Renders the app icons (client/public/icons/*.svg, drawn by hand) to the PNG sizes the web app manifest and
// iOS need, in Debian's chromium. Run after changing an icon: `node client/scripts/render-icons.mjs`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const icons = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../public/icons");
const outputs = [
  { svg: "icon.svg", png: "icon-192.png", size: 192 },
  { svg: "icon.svg", png: "icon-512.png", size: 512 },
  { svg: "maskable.svg", png: "maskable-512.png", size: 512 },
  { svg: "maskable.svg", png: "apple-touch-icon.png", size: 180 },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage();
  for (const { svg, png, size } of outputs) {
    const markup = fs.readFileSync(path.join(icons, svg), "utf8");
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${markup}`,
    );
    await page.screenshot({ path: path.join(icons, png), omitBackground: true });
    console.log(`${png} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
