/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin (and optional path) of the API, e.g. `https://api.example.org`; empty = same origin. */
  readonly VITE_API_BASE?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
