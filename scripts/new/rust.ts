/**
 * The Rust template: a crate on the published `suborbital` crate 0.15.1 (Atmo v0.4.7's SDK), as
 * examples/rust builds them, with the `Cargo.lock` Debian's toolchain builds from
 * (cargo_lock.ts).
 *
 * @module
 */

import { cargoLock } from "./cargo_lock.ts";
import { typeName } from "./names.ts";
import type { LanguageTemplate } from "./template.ts";

function cargoToml(name: string): string {
  return `[package]
name = "${name}"
version = "0.1.0"
edition = "2018"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
# The Runnable API of Atmo v0.4.7 (Reactr v0.15.1), from crates.io. Cargo.lock pins what it
# pulls in to versions Debian's rustc 1.63 builds: keep it, the build uses it as it is.
suborbital = "=0.15.1"

[profile.release]
lto = true
codegen-units = 1
strip = "debuginfo"
`;
}

function libRs(name: string): string {
  const type = typeName(name);
  return `use suborbital::runnable::*;
use suborbital::Runnable;

#[derive(Runnable)]
struct ${type};

impl Runnable for ${type} {
    /// Answers "hello " followed by the input (the request body).
    fn run(&self, input: Vec<u8>) -> Result<Vec<u8>, RunErr> {
        let mut out = b"hello ".to_vec();
        out.extend_from_slice(&input);
        Ok(out)
    }
}
`;
}

/** The Rust template. */
export const RUST: LanguageTemplate = {
  lang: "rust",
  apiVersion: "0.15.1",
  ignore: ["target/"],
  runnable: (name) => ({
    "Cargo.toml": cargoToml(name),
    "Cargo.lock": cargoLock(name),
    "src/lib.rs": libRs(name),
  }),
  prepareApp: () => Promise.resolve([]),
};
