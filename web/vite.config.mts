import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/** The web app (web/): built into web/dist, which the server serves at / beside /graphql. */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Each route its own chunk (the router's dynamic imports): ECharts loads only with the pages that chart.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // GraphiQL's React libraries mark modules "use client" (for React Server Components), which means nothing in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/graphql': 'http://localhost:4000', '/export': 'http://localhost:4000' } },
});
