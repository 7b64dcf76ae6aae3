/**
 * A person-readable device name from a User-Agent header ("Chrome on Android", "Safari on iPhone"), for the
 * session list. Only a hint: user agents are self-declared and frozen/reduced by modern browsers.
 */
export function describeDevice(userAgent: string): { browser: string; os: string; label: string } {
  const ua = userAgent || "";
  const browser = pick(ua, [
    [/Edg(?:e|A|iOS)?\//, "Edge"],
    [/OPR\/|Opera/, "Opera"],
    [/SamsungBrowser\//, "Samsung Internet"],
    [/Firefox\/|FxiOS\//, "Firefox"],
    [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
    [/Safari\//, "Safari"],
    [/^node|undici|node-fetch/i, "Node.js"],
    [/curl\//, "curl"],
  ]);
  const os = pick(ua, [
    [/iPhone/, "iPhone"],
    [/iPad/, "iPad"],
    [/Android/, "Android"],
    [/CrOS/, "ChromeOS"],
    [/Windows/, "Windows"],
    [/Mac OS X|Macintosh/, "macOS"],
    [/Linux/, "Linux"],
  ]);
  const label =
    browser && os ? `${browser} on ${os}` : (browser ?? os ?? (ua ? ua.slice(0, 60) : "Unknown device"));
  return { browser: browser ?? "", os: os ?? "", label };
}

function pick(ua: string, rules: Array<[RegExp, string]>): string | null {
  for (const [re, name] of rules) if (re.test(ua)) return name;
  return null;
}
