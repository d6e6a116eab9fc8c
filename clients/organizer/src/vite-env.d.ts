/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** `off` hides the "codes are in the server log" hint (set it for deployments that send real SMS). */
  readonly VITE_DEMO_HINT?: string;
}
