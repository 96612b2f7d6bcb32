// The ward the user picked for the worklist, for this browser tab: sessionStorage like the role (a UI
// preference on a shared ward computer, never anything secret; a Location reference is not PHI).
const KEY = 'pz.ward';

export function rememberedWard(): string | undefined {
  try {
    const v = globalThis.sessionStorage?.getItem(KEY);
    return v && /^Location\/[A-Za-z0-9\-.]{1,64}$/.test(v) ? v : undefined;
  } catch {
    return undefined; // storage blocked (third-party iframe)
  }
}

export function rememberWard(location: string): void {
  try {
    globalThis.sessionStorage?.setItem(KEY, location);
  } catch {
    // storage blocked: the choice lasts for this page only
  }
}
