// The SMART app's build-time settings (vite `import.meta.env`, VITE_ prefix), for a hospital's build.
interface ImportMetaEnv {
  /** the palliative team's results URL (docs/hospital-it.md); default <FHIR server origin>/population/team */
  readonly VITE_PZ_TEAM_RESULTS_URL?: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
