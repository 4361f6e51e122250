/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// What only editing needs (forms, their write state, the delete confirmation): out of the shared
// chunk, so readers' first loads do not carry it; the forms themselves load when opened.
const EDITING = /src[\\/](components[\\/](ConfirmDelete|FormProblem|Field|RowEditing)|lib[\\/](formWrite|editable|edit))\./;

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
        // Fewer, larger chunks: each response costs about 500 bytes of headers. Views and each
        // kind of chart (charts/parts) keep chunks of their own.
        advancedChunks: {
          groups: [
            {
              // The small modules several views share (tables, paging, the picker, read-model
              // hooks): one request rather than one each.
              name: "shared",
              test: (id: string) =>
                !id.includes("node_modules") &&
                !EDITING.test(id) &&
                /src[\\/](components|lib|features[\\/](programmes|dashboard)|features[\\/]teams[\\/]links|charts[\\/](types|parts)\.ts)/.test(id),
            },
            {
              // ECharts' shared code, with the module that registers the components all charts use;
              // not the SVG renderer, which only chart exports load (charts/svg.ts).
              name: "echarts",
              test: /src[\\/]charts[\\/]EChart|node_modules[\\/](zrender[\\/](?!lib[\\/]svg[\\/])|echarts[\\/](?!lib[\\/](chart[\\/](bar|line|lines|scatter)|component[\\/]marker)[\\/]|lib[\\/]renderer[\\/]installSVGRenderer))/,
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
