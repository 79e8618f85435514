/*
 * Kept rather than a User-Agent library, after trying the kept ones on the devices of this
 * product's users: bowser 2.15 (MIT, 7.8 kB gzip) names the HarmonyOS 2–4 phones, whose
 * header says both Android and HarmonyOS, "Android" — a large share of the phones in a
 * Chinese city department; ua-parser-js 2 is AGPL-3.0, which this product cannot ship,
 * and its MIT line 1.x (9.6 kB gzip, no longer developed) says "Mobile Safari", "Mac OS".
 * The devices list asks one question (which browser on which system, for a person to
 * recognise a sign-in), which these two tables answer in a few lines at no bundle cost.
 */

/** A browser and an operating system named from a User-Agent header, for a person to recognise. */
export interface DeviceName {
  browser: string;
  os: string;
}

// Order matters: Edge and WeChat also say "Chrome"; Chrome also says "Safari".
const BROWSERS: readonly [RegExp, string][] = [
  [/MicroMessenger\//, 'WeChat'],
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/(OPR|Opera)\//, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrom(e|ium)\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];

// HarmonyOS 2–4 also says "Android"; HarmonyOS NEXT says "OpenHarmony" and nothing else.
const SYSTEMS: readonly [RegExp, string][] = [
  [/HarmonyOS|OpenHarmony/, 'HarmonyOS'],
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** Names the browser and system of a User-Agent, or null when it names neither. */
export function deviceName(userAgent: string | null): DeviceName | null {
  if (!userAgent) return null;
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const os = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (!browser && !os) return null;
  return { browser: browser ?? '?', os: os ?? '?' };
}
