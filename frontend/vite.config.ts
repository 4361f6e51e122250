/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// VITE_API_BASE (build time) points the dashboard at an API on another origin, e.g.
// VITE_API_BASE=https://api.example.org npm run build. Empty (the default) = same origin.
export default defineConfig({
  plugins: [react()],
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
    reportCompressedSize: true,
  },
  server: {
    // `npm run dev` proxies the API to a server started with `shared-purpose serve`.
    proxy: { "/api": process.env.SP_API_ORIGIN ?? "http://127.0.0.1:8000" },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
