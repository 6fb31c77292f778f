// The extractor plus the parts the benchmark's ceilings need to read a whole page's blocks as the extractor does.
export { segmentBlocks } from "../../src/core/research/extract/blocks";
export { parseDocument } from "../../src/core/research/extract/dom";
export { extractPage } from "../../src/core/research/extract/index";
export { contentRoot } from "../../src/core/research/extract/parse";
export { pruneDocument } from "../../src/core/research/extract/prune";
