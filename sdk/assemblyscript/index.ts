// Package entry for `import ... from "@stratos/runnable"`: asc 0.28 resolves a package from
// node_modules through its root index.ts (it does not read "ascMain"). The sources are in assembly/.
export * from "./assembly/index";
