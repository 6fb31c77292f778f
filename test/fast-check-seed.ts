import fc from "fast-check";

// Properties run the same cases on every run: a test that passes or fails by the draw of its inputs is a flaky test.
// New inputs are the fuzz job's work (`npm run fuzz`), which records what it finds under test/fuzz-cases/.
fc.configureGlobal({ seed: 20261202 });
