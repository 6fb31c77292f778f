// Copies the API reference's browser bundle and stylesheet into the Worker's static assets, so `/docs` loads
// nothing from another host (it works offline under `wrangler dev`). Runs after every `npm install` / `npm ci`.
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";

const root = path.join(import.meta.dirname, "..");
const from = path.join(root, "node_modules/swagger-ui-dist");
const to = path.join(root, "public/docs");
mkdirSync(to, { recursive: true });
copyFileSync(path.join(from, "swagger-ui-bundle.js"), path.join(to, "reference.js"));
copyFileSync(path.join(from, "swagger-ui.css"), path.join(to, "reference.css"));
