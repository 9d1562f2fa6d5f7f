//! Links Ipopt (the NLP solver of the heat exchanger network synthesis, src/network/nlp.rs): Debian's
//! `coinor-libipopt-dev`, which `scripts/setup.sh` installs, found through pkg-config.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=IPOPT_LIB_DIR");
    let lib_dir = std::env::var("IPOPT_LIB_DIR").ok().or_else(|| {
        let out = Command::new("pkg-config")
            .args(["--variable=libdir", "ipopt"])
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    });
    match lib_dir {
        Some(dir) if !dir.is_empty() => {
            println!("cargo:rustc-link-search=native={dir}");
            println!("cargo:rustc-link-lib=dylib=ipopt");
        }
        _ => {
            // A build script may only stop the build by failing: say why and how to fix it.
            eprintln!(
                "hpsynth needs Ipopt (the heat exchanger network's NLP solver): run scripts/setup.sh, \
                 which installs Debian's coinor-libipopt-dev, or set IPOPT_LIB_DIR to the folder of libipopt.so"
            );
            std::process::exit(1);
        }
    }
}
