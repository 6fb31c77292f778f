// Copies the API reference's browser bundle into the Worker's static assets, so `/docs` loads no script from
// another host (it works offline under `wrangler dev`). Runs after every `npm install` / `npm ci`.
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";

const root = path.join(import.meta.dirname, "..");
const bundle = path.join(root, "node_modules/@scalar/api-reference/dist/browser/standalone.js");
const target = path.join(root, "public/docs/reference.js");
mkdirSync(path.dirname(target), { recursive: true });
copyFileSync(bundle, target);
