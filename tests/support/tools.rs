//! The outside tools some tests read their files back with (poppler, LibreOffice): CI
//! installs them; elsewhere a test without them says so and passes, unless
//! `JIANGGAO_REQUIRE_TOOLS` is set.

/// Whether `program` runs (with `arg`, a harmless one such as `--version`); if not and tools
/// are required, the test fails naming `package`, else `without` is said.
pub fn installed(program: &str, arg: &str, package: &str, without: &str) -> bool {
    let here = std::process::Command::new(program)
        .arg(arg)
        .output()
        .is_ok();
    if !here {
        assert!(
            std::env::var_os("JIANGGAO_REQUIRE_TOOLS").is_none(),
            "{program} is missing: install {package}"
        );
        eprintln!("{package} not installed: {without}");
    }
    here
}
