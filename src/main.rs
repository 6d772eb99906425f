//! The `jianggao` binary: the desktop app when run without a subcommand, and the command line
//! (`check`, `export`, `outline`, `stats`) for scripts and CI.
//!
//! Exit codes: 0 success (for `check`: no error-severity finding); 1 findings or a refused
//! export; 2 bad usage or unreadable input. A reader that closes the pipe early (`| head`) ends
//! the command quietly, with the code it would have had.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use jianggao::check::{self, Finding};
use jianggao::doc::model::Speech;
use jianggao::doc::{outline, stats};
use jianggao::export::{self, Encoding, ExportError, LineEnding, Options};
use jianggao::import::source::textfile;
use jianggao::store::draft;
use jianggao::store::written::{Kind, Ledger, Standing};

/// `print!` that ends the command quietly when the reader has closed the pipe (`| head`),
/// instead of panicking as `print!` does.
macro_rules! out {
    ($($arg:tt)*) => {
        emit(format_args!($($arg)*), false)
    };
}

/// `println!`, ending the command quietly on a closed pipe (see [`out!`]).
macro_rules! outln {
    ($($arg:tt)*) => {
        emit(format_args!($($arg)*), true)
    };
}

/// Set once the reader of standard output has gone: nothing more is written.
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Writes to standard output. Once the reader has closed the pipe, the rest is dropped quietly
/// and the command goes on to its usual exit code. Any other write error is reported and ends
/// the command with 2.
fn emit(args: std::fmt::Arguments<'_>, newline: bool) {
    use std::sync::atomic::Ordering;
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    let written = stdout
        .write_fmt(args)
        .and_then(|()| {
            if newline {
                stdout.write_all(b"\n")
            } else {
                Ok(())
            }
        })
        .and_then(|()| stdout.flush());
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "jianggao：无法写出结果：{e}");
            std::process::exit(2);
        }
    }
}

#[derive(Parser)]
#[command(
    name = "jianggao",
    version,
    about = "讲稿 — 领导讲话稿编辑器。不带子命令时打开窗口。",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// A draft (.ron) to open, or a text or Word file to import, in the window (default: the
    /// bundled sample speech).
    file: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum HubAction {
    /// 在数据库中建立共享所需的表、权限和通知（可重复执行）。
    Init {
        /// The administrator's URL: postgres://ADMIN:PASSWORD@SERVER/DATABASE
        admin: String,
    },
    /// 添加（或重设口令）一个用户；口令从标准输入读一行。
    AddUser {
        admin: String,
        /// The person's login name.
        name: String,
    },
    /// 允许一个用户读（--read）或读写（默认）一篇共享讲话稿。
    Grant {
        admin: String,
        /// The shared speech's name.
        speech: String,
        name: String,
        /// Reading only.
        #[arg(long)]
        read: bool,
    },
}

#[derive(Subcommand)]
enum Command {
    /// 检查待填项等问题（.ron 草稿或 .txt 文本）。
    Check {
        /// Not needed with --rules.
        #[arg(required_unless_present = "rules")]
        file: Option<PathBuf>,
        /// Print findings as a JSON array.
        #[arg(long)]
        json: bool,
        /// List the rules (id, severity, name) and exit.
        #[arg(long)]
        rules: bool,
        /// Extra common errors, one `错 → 对` per line.
        #[arg(long, value_name = "FILE")]
        errors: Option<PathBuf>,
    },
    /// 导出纯文本、Word 文档或 PDF（输出以 .docx 或 .pdf 结尾时；公文格式或大字念稿）。
    Export {
        /// The draft (.ron) to export, or a shared speech's local copy (its folder).
        file: PathBuf,
        /// Where to write the text or the Word document (or, for a shared speech, a .ron draft).
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long, value_enum, default_value_t = EncodingArg::Utf8)]
        encoding: EncodingArg,
        /// Windows line ends.
        #[arg(long)]
        crlf: bool,
        /// Export even with unfilled blanks or characters the encoding cannot hold.
        #[arg(long)]
        force: bool,
        /// Replace an existing file that is not an earlier export (kept as NAME.bak).
        #[arg(long)]
        overwrite: bool,
        /// For a .docx or .pdf output: official (GB/T 9704) or reading (large type).
        #[arg(long, value_enum, default_value_t = LayoutArg::Official)]
        layout: LayoutArg,
        /// Type size of a reading copy: 三号, 小二, 二号 or 小一 (or 16, 18, 22, 24 pt).
        #[arg(long, default_value = "小二", value_parser = parse_reading_size)]
        size: jianggao::export::docx::ReadingSize,
        /// For a .docx: mark what changed since this version of the draft as tracked changes.
        #[arg(long, value_name = "VERSION")]
        changes_since: Option<String>,
        /// Who the tracked changes of --changes-since are by.
        #[arg(long, default_value = "起草人")]
        author: String,
    },
    /// 显示小节大纲。
    Outline {
        /// The draft (.ron).
        file: PathBuf,
        /// Print the outline as JSON.
        #[arg(long)]
        json: bool,
    },
    /// 从纯文本或 Word 文档（.docx）导入讲话稿（自动识别结构，清除网页附加信息并报告）。
    Import {
        /// The text (.txt) or Word document (.docx) to import.
        file: PathBuf,
        /// The .ron draft to write.
        #[arg(short, long)]
        output: PathBuf,
        /// Print the import report as JSON.
        #[arg(long)]
        json: bool,
        /// Replace an existing draft that is not an earlier import's, or was changed since
        /// (kept as NAME.bak).
        #[arg(long = "force", alias = "overwrite")]
        overwrite: bool,
    },
    /// 统计字数、段落、小节、讲话时长和页数。
    Stats {
        /// The draft (.ron).
        file: PathBuf,
    },
    /// 审阅退回的修改稿：列出 Word 文档（.docx）里的修订和批注，对应到草稿的段落。
    Review {
        /// The draft (.ron) the returned file was made from.
        file: PathBuf,
        /// The returned Word document (.docx) with tracked changes and comments.
        returned: PathBuf,
        /// Print the review as JSON.
        #[arg(long)]
        json: bool,
    },
    /// 共享服务器（PostgreSQL）的设置：建库、添加用户、授权（由管理员执行）。
    Hub {
        #[command(subcommand)]
        action: HubAction,
    },
    /// 对比两稿：草稿（.ron）、文本（.txt）、Word（.docx），或草稿中的版本（草稿.ron#二稿）。
    Diff {
        /// The older text.
        old: String,
        /// The newer text.
        new: String,
        /// Print the comparison as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum EncodingArg {
    Utf8,
    Utf8Bom,
    Gb18030,
    Gbk,
}

impl From<EncodingArg> for Encoding {
    fn from(e: EncodingArg) -> Self {
        match e {
            EncodingArg::Utf8 => Encoding::Utf8,
            EncodingArg::Utf8Bom => Encoding::Utf8Bom,
            EncodingArg::Gb18030 => Encoding::Gb18030,
            EncodingArg::Gbk => Encoding::Gbk,
        }
    }
}

/// A failure that ends the command with a message and an exit code.
struct Failure {
    code: u8,
    message: String,
}

fn usage(message: impl std::fmt::Display) -> Failure {
    Failure {
        code: 2,
        message: message.to_string(),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        None => open_app(cli.file.as_deref()),
        Some(Command::Check {
            file,
            json,
            rules,
            errors,
        }) => {
            if rules {
                list_rules(json);
                Ok(0)
            } else {
                match file {
                    Some(file) => check(&file, json, errors.as_deref()),
                    None => Err(usage("缺少要检查的文件")),
                }
            }
        }
        // Word and PDF: the same pages, in a layout.
        Some(Command::Export {
            file,
            output,
            force,
            overwrite,
            layout,
            size,
            changes_since,
            author,
            ..
        }) if has_extension(&output, "docx") || has_extension(&output, "pdf") => {
            let layout = match layout {
                LayoutArg::Official => jianggao::export::docx::Layout::Official,
                LayoutArg::Reading => jianggao::export::docx::Layout::Reading(size),
            };
            let track = changes_since.as_deref().map(|v| (v, author.as_str()));
            export_paged_cmd(&file, &output, layout, (force, overwrite), track)
        }
        Some(Command::Export {
            changes_since: Some(_),
            ..
        }) => Err(usage("--changes-since 只用于导出 Word 文档（.docx）")),
        Some(Command::Export {
            file,
            output,
            encoding,
            crlf,
            force,
            overwrite,
            ..
        }) => export_cmd(
            &file,
            &output,
            overwrite,
            &Options {
                encoding: encoding.into(),
                line_ending: if crlf {
                    LineEnding::CrLf
                } else {
                    LineEnding::Lf
                },
                force,
            },
        ),
        Some(Command::Outline { file, json }) => load_speech(&file).map(|s| {
            let o = outline::outline(&s);
            if json {
                outln!("{}", to_json(&o));
            } else {
                out!("{o}");
            }
            0
        }),
        Some(Command::Import {
            file,
            output,
            json,
            overwrite,
        }) => import_cmd(&file, &output, json, overwrite),
        Some(Command::Diff { old, new, json }) => diff_cmd(&old, &new, json),
        Some(Command::Review {
            file,
            returned,
            json,
        }) => review_cmd(&file, &returned, json),
        Some(Command::Hub { action }) => hub_cmd(action),
        Some(Command::Stats { file }) => load_speech(&file).map(|s| {
            let st = stats::stats(&s);
            let rate = s.settings.rate.unwrap_or(stats::DEFAULT_RATE);
            outln!("字数（汉字）：{}", st.han);
            outln!("段落：{}", st.paragraphs);
            outln!("小节：{}", st.sections);
            outln!("预计时长：{:.1} 分钟（{rate} 字/分）", st.minutes(rate));
            if let Some(t) = s.settings.target_minutes {
                outln!(
                    "目标时长：{t} 分钟（{:.0}%）",
                    st.minutes(rate) / f64::from(t.max(1)) * 100.0
                );
            }
            let layout = jianggao::export::docx::Layout::Official;
            outln!(
                "页数：{} 页（{}）",
                jianggao::export::pages::paginate(&s, layout).pages.len(),
                layout.label()
            );
            0
        }),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("jianggao：{}", f.message);
            ExitCode::from(f.code)
        }
    }
}

#[cfg(feature = "gui")]
fn open_app(file: Option<&Path>) -> Result<u8, Failure> {
    jianggao::app::run(file.map(Path::to_owned))
        .map(|()| 0)
        .map_err(|e| usage(format!("无法打开窗口：{e}")))
}

#[cfg(not(feature = "gui"))]
fn open_app(_file: Option<&Path>) -> Result<u8, Failure> {
    Err(usage(
        "此版本未包含窗口界面（编译时未启用 gui 功能）；可用子命令见 --help",
    ))
}

fn is_text_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// A text to compare: `FILE.ron` (its current text), `FILE.ron#版本名`, or a text or Word file
/// (imported). Returns the speech and the name it goes by in the report.
fn diff_source(arg: &str) -> Result<(Speech, String), Failure> {
    let (file, version) = match arg.rsplit_once('#') {
        Some((f, v)) if f.to_ascii_lowercase().ends_with(".ron") => (f, Some(v)),
        _ => (arg, None),
    };
    let path = Path::new(file);
    let name = path
        .file_name()
        .map_or_else(|| file.to_owned(), |n| n.to_string_lossy().into_owned());
    if jianggao::import::is_importable_path(path) {
        let imported = jianggao::import::import_file(path).map_err(usage)?;
        return Ok((imported.speech, name));
    }
    let speech = draft::load(path).map_err(usage)?;
    match version {
        None => Ok((speech, name)),
        Some(v) => match speech.versions.iter().find(|x| x.name == v) {
            Some(found) => Ok((
                found.speech.clone(),
                format!("{name}#{v}（{}）", found.saved),
            )),
            None => {
                let names: Vec<&str> = speech.versions.iter().map(|x| x.name.as_str()).collect();
                Err(usage(format!(
                    "草稿中没有名为“{v}”的版本（有：{}）：{file}",
                    if names.is_empty() {
                        "无".to_owned()
                    } else {
                        names.join("、")
                    }
                )))
            }
        },
    }
}

fn diff_cmd(old: &str, new: &str, json: bool) -> Result<u8, Failure> {
    let (a, a_name) = diff_source(old)?;
    let (b, b_name) = diff_source(new)?;
    let comparison = jianggao::compare::compare(&a, &b, &a_name, &b_name);
    if json {
        let value = serde_json::json!({
            "equal": comparison.is_equal(),
            "totals": comparison.totals(),
            "comparison": comparison,
        });
        outln!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        out!("{}", comparison.to_text());
    }
    Ok(if comparison.is_equal() { 0 } else { 1 })
}

/// Lists a returned file's tracked changes and comments on the draft. Exit code 1 when there
/// is anything to decide or read, 0 when the file came back untouched.
fn review_cmd(path: &Path, returned: &Path, json: bool) -> Result<u8, Failure> {
    use jianggao::doc::model::review::show_date;
    let speech = load_speech(path)?;
    let file = std::fs::File::open(returned)
        .map_err(|e| usage(format!("无法打开修改稿：{e}：{}", returned.display())))?;
    let read = jianggao::review::read::read_from(file)
        .map_err(|e| usage(format!("{e}：{}", returned.display())))?;
    let name = returned
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let review = jianggao::review::review(&speech, &read, &name);
    let change_place = |c| jianggao::review::change_place(&speech, c);
    let comment_place = |c| jianggao::review::comment_place(&speech, c);
    if json {
        let changes: Vec<serde_json::Value> = review
            .changes
            .iter()
            .map(|c| {
                serde_json::json!({
                    "id": c.id, "author": c.author, "date": c.date,
                    "summary": c.summary(), "place": change_place(c), "change": c.kind,
                })
            })
            .collect();
        let comments: Vec<serde_json::Value> = review
            .comments
            .iter()
            .map(|c| {
                serde_json::json!({
                    "id": c.id, "author": c.author, "date": c.date, "text": c.text,
                    "quote": c.quote, "resolved": c.resolved,
                    "place": c.target.map(|_| comment_place(c)),
                    "replies": c.replies.iter().map(|r| serde_json::json!({
                        "author": r.author, "date": r.date, "text": r.text,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let value = serde_json::json!({
            "source": review.source,
            "authors": review.authors(),
            "changes": changes,
            "comments": comments,
            "left_out": review.left_out,
        });
        outln!("{}", to_json(&value));
    } else {
        outln!(
            "修改稿：{name}　修订 {} 处，批注 {} 条",
            review.changes.len(),
            review.comments.len()
        );
        for c in &review.changes {
            outln!(
                "[{}] {}　{}　{}：{}",
                c.id,
                c.author,
                show_date(&c.date),
                change_place(c),
                c.summary()
            );
        }
        for c in &review.comments {
            let at = comment_place(c);
            let quote = if c.quote.is_empty() {
                String::new()
            } else {
                format!("“{}”", c.quote)
            };
            let done = if c.resolved { "（已解决）" } else { "" };
            outln!(
                "批注 {}　{}　{at}{quote}：{}{done}",
                c.author,
                show_date(&c.date),
                c.text
            );
            for r in &c.replies {
                outln!("　　回复 {}：{}", r.author, r.text);
            }
        }
        for n in &review.left_out {
            outln!("未列入：{n}");
        }
    }
    let anything = !review.changes.is_empty() || !review.comments.is_empty();
    Ok(u8::from(anything))
}

fn hub_cmd(action: HubAction) -> Result<u8, Failure> {
    use jianggao::shared::hub;
    match action {
        HubAction::Init { admin } => {
            hub::init(&admin).map_err(usage)?;
            println!("共享服务器已就绪");
        }
        HubAction::AddUser { admin, name } => {
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .map_err(|e| usage(format!("读不到口令：{e}")))?;
            let password = password.trim_end_matches(['\r', '\n']);
            if password.is_empty() {
                return Err(usage("口令不能为空（从标准输入读一行）"));
            }
            hub::add_user(&admin, &name, password).map_err(usage)?;
            println!("已添加用户 {name}");
        }
        HubAction::Grant {
            admin,
            speech,
            name,
            read,
        } => {
            hub::grant(&admin, &speech, &name, !read).map_err(usage)?;
            let what = if read { "只读" } else { "读写" };
            println!("{name} 可{what}“{speech}”");
        }
    }
    Ok(0)
}

fn load_speech(path: &Path) -> Result<Speech, Failure> {
    // A shared speech's local copy (a folder with its snapshot and journal): as it stands.
    if path.is_dir() && jianggao::shared::journal::is_shared_folder(path) {
        let shared = jianggao::shared::journal::read(path).map_err(usage)?;
        return Ok(shared.speech().clone());
    }
    if is_text_file(path) {
        return Err(usage(format!(
            "这是纯文本文件，此命令需要 .ron 草稿：{}",
            path.display()
        )));
    }
    draft::load(path).map_err(usage)
}

fn list_rules(json: bool) {
    let mut rules: Vec<check::rules::Rule> = check::rules::RULES.to_vec();
    rules.extend(check::rules::rule(check::rules::COMMON_ERROR));
    if json {
        let rows: Vec<serde_json::Value> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "severity": r.severity, "name": r.name, "description": r.description,
                })
            })
            .collect();
        outln!("{}", to_json(&rows));
    } else {
        for r in rules {
            outln!(
                "{:<22}{}  {}：{}",
                r.id,
                r.severity.label(),
                r.name,
                r.description
            );
        }
    }
}

fn check(path: &Path, json: bool, errors: Option<&Path>) -> Result<u8, Failure> {
    let extra = match errors {
        Some(p) => {
            let (t, _) = textfile::read(p).map_err(usage)?;
            check::UserLists::new(check::rules::parse_error_list(&t), Vec::new())
        }
        None => check::UserLists::default(),
    };
    let findings = if is_text_file(path) {
        let (text, _) = textfile::read(path).map_err(usage)?;
        check::check_text_with(&text, &extra)
    } else {
        check::check_with(&draft::load(path).map_err(usage)?, &extra)
    };
    if json {
        outln!("{}", findings_json(&findings));
    } else {
        for f in &findings {
            outln!(
                "{}  {}  {}  {}",
                f.location,
                f.rule,
                f.excerpt,
                f.severity.label()
            );
        }
        let errors = findings
            .iter()
            .filter(|f| f.severity == check::Severity::Error)
            .count();
        eprintln!("共 {} 处问题，其中错误 {} 处", findings.len(), errors);
    }
    Ok(u8::from(check::has_errors(&findings)))
}

fn import_cmd(path: &Path, output: &Path, json: bool, overwrite: bool) -> Result<u8, Failure> {
    if jianggao::store::files::same_file(path, output) {
        return Err(usage(format!(
            "输出文件不能是要导入的文本本身，请换一个文件名：{}",
            output.display()
        )));
    }
    // The import writes a draft: never into a file named as another kind (`-o 讲话.docx`).
    if !output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        return Err(usage(format!(
            "导入的结果是草稿，输出文件名应以 .ron 结尾：{}",
            output.display()
        )));
    }
    // A draft already there is someone's work, unless this command wrote it and it is as left.
    let ledger = ledger();
    refuse_someones_draft(&ledger, output, overwrite)?;
    let imported = jianggao::import::import_file(path).map_err(usage)?;
    // Again just before writing: someone may have saved the draft while the import ran.
    refuse_someones_draft(&ledger, output, overwrite)?;
    let written = draft::save_noting(
        &imported.speech,
        output,
        &draft::write_options(),
        &mut |t, m| ledger.note(t, Kind::Import, m),
    )
    .map_err(usage)?;
    match (&written.backup, written.in_place) {
        (Some(backup), true) => eprintln!(
            "注意：文件夹不可写，已直接改写 {}；原文件备份在 {}",
            output.display(),
            backup.display()
        ),
        (Some(backup), false) if overwrite => {
            eprintln!("原文件已保留为 {}", backup.display());
        }
        _ => {}
    }
    if json {
        outln!("{}", to_json(&imported.report));
    } else {
        out!("{}", imported.report);
        outln!("已写入 {}", output.display());
    }
    Ok(0)
}

/// The record of the files the commands wrote, in the data folder, which is first made (or
/// tightened to) the user's alone: it names the files written.
fn ledger() -> Ledger {
    let dir = jianggao::store::data_dir::default();
    for problem in dir
        .as_deref()
        .map(jianggao::store::data_dir::tighten)
        .unwrap_or_default()
    {
        eprintln!("注意：{problem}");
    }
    Ledger::in_dir(dir.as_deref())
}

/// Refuses to write a draft over one that is someone's (not written by an import, or changed
/// since), unless told to.
fn refuse_someones_draft(ledger: &Ledger, output: &Path, overwrite: bool) -> Result<(), Failure> {
    let why = match ledger.standing(output, Kind::Import) {
        _ if overwrite => return Ok(()),
        Standing::Free | Standing::Ours => return Ok(()),
        Standing::Changed => "是之前导入生成的草稿，但之后已被修改（可能有人正在编辑）",
        Standing::Foreign => "已存在，不是之前导入生成的文件",
    };
    Err(usage(format!(
        "{} {why}，未写入；确认覆盖请加 --force（原文件会保留为同名的 .bak）",
        output.display()
    )))
}

fn findings_json(findings: &[Finding]) -> String {
    let rows: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "rule": f.rule,
                "severity": f.severity,
                "location": f.location.to_string(),
                "excerpt": f.excerpt,
                "matched": f.matched,
                "message": f.message,
                "fix": f.fix,
                // Why the checker thinks so (for a word finding, the likeness and the word).
                "reason": f.message,
                "word": f.word,
                "position": {
                    "part": f.location.part,
                    "section_path": f.location.section_path,
                    "paragraph": f.location.paragraph,
                    "start": f.location.chars.start,
                    "end": f.location.chars.end,
                },
            })
        })
        .collect();
    to_json(&rows)
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Plain data with string keys always serialises.
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// Whether a path's extension is `ext`, in any case.
fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LayoutArg {
    Official,
    Reading,
}

fn parse_reading_size(s: &str) -> Result<jianggao::export::docx::ReadingSize, String> {
    jianggao::export::docx::ReadingSize::parse(s)
        .ok_or_else(|| format!("字号“{s}”不可用：可选 三号、小二、二号、小一"))
}

/// Exports a Word file or a PDF (by the output's extension) in `layout`.
fn export_paged_cmd(
    path: &Path,
    output: &Path,
    layout: jianggao::export::docx::Layout,
    (force, overwrite): (bool, bool),
    track: Option<(&str, &str)>,
) -> Result<u8, Failure> {
    let speech = load_speech(path)?;
    // Tracked changes since a version: a Word file only, against a version the draft has.
    let base = match &track {
        None => None,
        Some(_) if has_extension(output, "pdf") => {
            return Err(usage("--changes-since 只用于导出 Word 文档（.docx）"));
        }
        Some((name, _)) => match speech.versions.iter().find(|v| v.name == *name) {
            Some(v) => Some(v.speech.clone()),
            None => {
                let names: Vec<&str> = speech.versions.iter().map(|v| v.name.as_str()).collect();
                return Err(usage(format!(
                    "草稿中没有名为“{name}”的版本（有：{}）",
                    if names.is_empty() {
                        "无".to_owned()
                    } else {
                        names.join("、")
                    }
                )));
            }
        },
    };
    let track = base
        .as_ref()
        .zip(track)
        .map(|(base, (_, author))| jianggao::export::docx::Track {
            base,
            author: author.to_owned(),
            date: jianggao::export::docx::utc_now(),
        });
    let ledger = ledger();
    let to = export::Destination {
        path: output,
        draft: Some(path),
        overwrite,
        ledger: &ledger,
    };
    // What both report: bytes, blanks let through, the replaced file's copy; then their own
    // notes and the format's name.
    let done = if has_extension(output, "pdf") {
        let fonts = jianggao::export::pdf::FontSource::System;
        export::export_pdf_to_file(&speech, &to, layout, force, fonts).map(|r| {
            let mut notes = Vec::new();
            if !r.facts.missing.is_empty() {
                notes.push(format!(
                    "注意：所用字体都没有这些字，印出来是空白：{}",
                    r.facts.missing.iter().collect::<String>()
                ));
            }
            let what = format!("PDF，{}，共 {} 页", layout.label(), r.facts.pages);
            let after = Some(format!("字体：{}", r.facts.faces_line()));
            (r.bytes, r.blanks_left, r.backup, notes, what, after)
        })
    } else {
        export::export_docx_to_file(&speech, &to, layout, force, track.as_ref()).map(|r| {
            let mut notes = Vec::new();
            if r.dropped > 0 {
                notes.push(format!(
                    "注意：略去了 {} 个隐藏的控制符号（Word 文档不能含有），请在讲稿中删除",
                    r.dropped
                ));
            }
            let what = format!("Word，{}", layout.label());
            (r.bytes, r.blanks_left, r.backup, notes, what, None)
        })
    };
    match done {
        Ok((bytes, blanks_left, backup, notes, what, after)) => {
            if let Some(backup) = &backup {
                eprintln!("原文件已保留为 {}", backup.display());
            }
            if blanks_left > 0 {
                eprintln!("注意：强制导出，仍有 {blanks_left} 处待填项或隐藏符号");
            }
            for note in notes {
                eprintln!("{note}");
            }
            outln!("已导出 {}（{bytes} 字节，{what}）", output.display());
            if let Some(after) = after {
                outln!("{after}");
            }
            Ok(0)
        }
        Err(ExportError::Blocked(findings)) => Err(blocked(&findings)),
        Err(e @ ExportError::Exists(_)) => Err(exists(&e)),
        Err(e) => Err(usage(e)),
    }
}

/// Someone's file at the output: what to add to replace it.
fn exists(e: &ExportError) -> Failure {
    usage(format!("{e}；确认覆盖请加 --overwrite"))
}

/// Lists the findings that refused an export and says what to do.
fn blocked(findings: &[jianggao::check::Finding]) -> Failure {
    for f in findings {
        eprintln!("{}  {}  {}", f.location, f.rule, f.excerpt);
    }
    Failure {
        code: 1,
        message: format!(
            "{}，未导出；处理后再导出，或加 --force 强制导出",
            export::gate_summary(findings)
        ),
    }
}

fn export_cmd(
    path: &Path,
    output: &Path,
    overwrite: bool,
    options: &Options,
) -> Result<u8, Failure> {
    let speech = load_speech(path)?;
    // A shared speech saved as a draft of its own (the draft format, as it stands).
    if has_extension(output, "ron") && path.is_dir() {
        if output.exists() && !overwrite {
            return Err(usage(format!(
                "{} 已存在；要替换请加 --overwrite",
                output.display()
            )));
        }
        draft::save(&speech, output).map_err(usage)?;
        println!("已导出 {}", output.display());
        return Ok(0);
    }
    let ledger = ledger();
    let to = export::Destination {
        path: output,
        draft: Some(path),
        overwrite,
        ledger: &ledger,
    };
    match export::export_to_file(&speech, &to, options) {
        Ok(report) => {
            if let Some(backup) = &report.backup {
                eprintln!("原文件已保留为 {}", backup.display());
            }
            if report.blanks_left > 0 {
                eprintln!(
                    "注意：强制导出，仍有 {} 处待填项或隐藏符号",
                    report.blanks_left
                );
            }
            if !report.replaced.is_empty() {
                eprintln!(
                    "注意：以下字符无法用 {} 编码，已写为“?”：{}",
                    report.encoding.label(),
                    report.replaced.iter().collect::<String>()
                );
            }
            outln!(
                "已导出 {}（{} 字节，{}）",
                output.display(),
                report.bytes,
                report.encoding.label()
            );
            Ok(0)
        }
        Err(ExportError::Blocked(findings)) => Err(blocked(&findings)),
        Err(e @ ExportError::Exists(_)) => Err(exists(&e)),
        Err(e @ ExportError::Unencodable(_)) => Err(Failure {
            code: 1,
            message: format!("{e}，未导出"),
        }),
        Err(
            e @ (ExportError::Io { .. } | ExportError::OwnDraft(_) | ExportError::WrongType { .. }),
        ) => Err(usage(e)),
    }
}
