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
    rollupOptions: {
      output: {
        // ECharts' shared code in one chunk (not a dozen small ones, each with its own request
        // and headers); each series type's and marker's own code stays in its part (charts/parts).
        advancedChunks: {
          groups: [
            {
              name: "echarts",
              test: /node_modules[\\/](zrender|echarts[\\/](?!lib[\\/](chart[\\/](bar|line|lines|scatter)|component[\\/]marker)[\\/]))/,
            },
          ],
        },
      },
    },
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
