//! 从模板新建 (the gallery) and 把讲稿变成模板 (the template maker with its preview).

use std::sync::Arc;

use egui::RichText;

use super::{Choice, buttons};
use crate::app::{Cmd, Modal, View};
use crate::doc::model::Speech;
use crate::doc::templatize::{self, Kind, Replacement};
use crate::session::Pending;
use crate::store::templates::{self, BUILT_IN};

/// An entry of the gallery.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Blank,
    BuiltIn(usize),
    /// A user's template: its name and file.
    User(String, std::path::PathBuf),
}

/// The gallery on screen: the user's templates as listed when it opened, the entry chosen and
/// its speech (read once, when chosen).
#[derive(Clone, Debug)]
pub struct Gallery {
    pub user: Vec<(String, std::path::PathBuf)>,
    pub chosen: Entry,
    pub preview: Option<Result<Arc<Speech>, String>>,
    /// The chosen template's blanks and 字数, found when it is chosen (not at every frame).
    pub figures: (usize, usize),
    /// 删除此模板… was pressed: the question is on show.
    pub confirm_remove: bool,
}

impl Gallery {
    pub fn new(session: &crate::session::Session) -> Gallery {
        let mut g = Gallery {
            user: session.user_templates(),
            chosen: Entry::BuiltIn(0),
            preview: None,
            figures: (0, 0),
            confirm_remove: false,
        };
        g.load();
        g
    }

    fn load(&mut self) {
        self.preview = match &self.chosen {
            Entry::Blank => Some(Ok(Arc::new(Speech::new()))),
            Entry::BuiltIn(i) => BUILT_IN
                .get(*i)
                .map(|t| t.speech().map(Arc::new).map_err(|e| e.to_string())),
            Entry::User(_, path) => Some(
                templates::load(path)
                    .map(Arc::new)
                    .map_err(|e| e.to_string()),
            ),
        };
        self.figures = match &self.preview {
            Some(Ok(speech)) => {
                let findings = crate::check::check(speech);
                let blanks = crate::check::gating(&findings).count();
                (blanks, crate::doc::stats::stats(speech).han)
            }
            _ => (0, 0),
        };
    }

    fn name(&self) -> String {
        match &self.chosen {
            Entry::Blank => "空白讲稿".into(),
            Entry::BuiltIn(i) => BUILT_IN.get(*i).map_or("", |t| t.name).into(),
            Entry::User(name, _) => name.clone(),
        }
    }
}

/// The height of the gallery's list and preview.
const HEIGHT: f32 = 380.0;

pub(super) fn gallery_ui(ui: &mut egui::Ui, mut g: Gallery) -> Choice {
    ui.heading("从模板新建");
    ui.label("选一种讲话稿，按它的结构起草；* 处是待填项，检查面板会逐一列出，填完才能导出。");
    ui.add_space(6.0);
    let mut chosen = None;
    let mut double = false;
    let mut update = false;
    let mut remove = None;
    ui.horizontal_top(|ui| {
        // Both columns have a fixed size: the dialog does not jump as the choice changes.
        ui.vertical(|ui| {
            ui.set_width(230.0);
            ui.set_height(HEIGHT);
            egui::ScrollArea::vertical()
                .id_salt("gallery-list")
                .max_height(HEIGHT)
                .show(ui, |ui| {
                    let mut row = |ui: &mut egui::Ui, entry: Entry, name: &str, about: &str| {
                        // An id of its own: a row stays the same widget whatever the rows
                        // above it show.
                        let r = ui
                            .push_id(name, |ui| ui.selectable_label(g.chosen == entry, name))
                            .inner;
                        let r = if about.is_empty() {
                            r
                        } else {
                            r.on_hover_text(about)
                        };
                        if r.clicked() || r.double_clicked() {
                            double |= r.double_clicked();
                            chosen = Some(entry);
                        }
                    };
                    row(ui, Entry::Blank, "空白讲稿", "");
                    ui.separator();
                    for (i, t) in BUILT_IN.iter().enumerate() {
                        row(ui, Entry::BuiltIn(i), t.name, t.about);
                    }
                    ui.separator();
                    ui.label(RichText::new("我的模板").small().weak());
                    if g.user.is_empty() {
                        ui.label(
                            RichText::new("还没有。用“文件 → 把讲稿变成模板…”从讲稿做一个。")
                                .small()
                                .weak(),
                        );
                    }
                    for (name, path) in &g.user {
                        row(ui, Entry::User(name.clone(), path.clone()), name, "");
                    }
                });
        });
        // Space, not a separator: a vertical separator takes the row's whole available height,
        // which in a dialog sized by its contents grows it at every frame.
        ui.add_space(16.0);
        ui.vertical(|ui| {
            ui.set_width(380.0);
            ui.set_height(HEIGHT);
            preview_ui(ui, &g);
            if let Entry::User(name, path) = &g.chosen {
                ui.add_space(6.0);
                if !g.confirm_remove {
                    if ui.button("删除此模板…").clicked() {
                        g.confirm_remove = true;
                        update = true;
                    }
                } else {
                    ui.label(format!(
                        "删除模板“{name}”？它会移到数据文件夹的 backups 中。"
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("删除模板").clicked() {
                            remove = Some((path.clone(), name.clone()));
                        }
                        if ui.button("不删").clicked() {
                            g.confirm_remove = false;
                            update = true;
                        }
                    });
                }
            }
        });
    });
    if let Some((path, name)) = remove {
        // The gallery opens again, without the template.
        return Choice::Run(vec![
            Cmd::RemoveTemplate(path, name),
            Cmd::Run(crate::app::UiCommand::NewFromTemplate),
        ]);
    }
    if let Some(entry) = chosen
        && entry != g.chosen
    {
        g.chosen = entry;
        g.confirm_remove = false;
        g.load();
        update = true;
    }
    let ready = matches!(g.preview, Some(Ok(_)));
    let answer = ui
        .add_enabled_ui(ready, |ui| buttons(ui, &["新建", "取消"]))
        .inner;
    if (answer == Some(0) || (double && ready))
        && let Some(Ok(speech)) = &g.preview
    {
        let then = match g.chosen {
            Entry::Blank => Pending::New,
            _ => Pending::NewFrom(Box::new((**speech).clone()), g.name()),
        };
        return Choice::run(Cmd::RequestNew(then));
    }
    if answer == Some(1) {
        return Choice::Close;
    }
    if update {
        Choice::Update(Modal::Gallery(Box::new(g)))
    } else {
        Choice::None
    }
}

fn preview_ui(ui: &mut egui::Ui, g: &Gallery) {
    let speech = match &g.preview {
        Some(Ok(s)) => s,
        Some(Err(e)) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("这个模板打不开：{e}"));
            return;
        }
        None => return,
    };
    if let Entry::BuiltIn(i) = g.chosen
        && let Some(t) = BUILT_IN.get(i)
    {
        ui.label(RichText::new(t.about).weak());
    }
    let title = if speech.title.trim().is_empty() {
        "（无标题）"
    } else {
        speech.title.trim()
    };
    ui.label(RichText::new(title).strong());
    let (blanks, han) = g.figures;
    ui.label(
        RichText::new(format!("{blanks} 处待填项 · {han} 字"))
            .small()
            .weak(),
    );
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .id_salt("gallery-preview")
        .max_height(HEIGHT - 140.0)
        .show(ui, |ui| {
            if !speech.salutation.trim().is_empty() {
                ui.label(format!(
                    "{}{}",
                    speech.salutation.trim(),
                    crate::doc::blocks::salutation_suffix(&speech.salutation)
                ));
            }
            if let Some(p) = speech.opening.first()
                && !p.text.is_empty()
            {
                ui.label(RichText::new(excerpt(&p.text, 60)).weak());
            }
            crate::doc::numbering::walk_labelled(speech, &mut |depth, label, s| {
                if depth < 2 {
                    let indent = "　".repeat(depth);
                    ui.label(format!("{indent}{label}{}", s.heading.trim()));
                }
            });
            if let Some(p) = speech.closing.first() {
                ui.label(RichText::new(excerpt(&p.text, 60)).weak());
            }
        });
}

fn excerpt(text: &str, n: usize) -> String {
    if text.chars().count() > n {
        format!("{}……", text.chars().take(n).collect::<String>())
    } else {
        text.to_owned()
    }
}

/// The template maker on screen: what it found, which to keep, the name.
#[derive(Clone, Debug)]
pub struct Maker {
    pub found: Arc<Vec<Replacement>>,
    /// Each replacement's row and where it is, made once (the list is drawn every frame).
    pub rows: Arc<Vec<(String, String)>>,
    /// One per found replacement: keep the original (not replaced).
    pub keep: Vec<bool>,
    pub name: String,
    pub blank_speaker: bool,
}

impl Maker {
    pub fn new(speech: &Speech) -> Maker {
        let found = templatize::find(speech);
        let rows = found
            .iter()
            .map(|r| {
                let text = speech.text(r.target).unwrap_or("");
                let place = crate::check::location_of(speech, r.target)
                    .map(|l| l.to_string())
                    .unwrap_or_default();
                (row_label(text, r), place)
            })
            .collect();
        Maker {
            keep: vec![false; found.len()],
            rows: Arc::new(rows),
            found: Arc::new(found),
            name: speech.title.trim().chars().take(40).collect(),
            blank_speaker: !speech.speaker.trim().is_empty(),
        }
    }
}

pub(super) fn maker_ui(app: &mut View, ui: &mut egui::Ui, mut m: Maker) -> Choice {
    ui.heading("把讲稿变成模板");
    ui.label(
        "把年年不同的日期、数字、百分比和人名换成 * 待填项，存为模板；其余文字不变。\
         不想换的，取消勾选即可。",
    );
    ui.add_space(4.0);
    let before = (m.keep.clone(), m.name.clone(), m.blank_speaker);
    let l = ui.label("模板名称");
    ui.add(
        egui::TextEdit::singleline(&mut m.name)
            .desired_width(420.0)
            .hint_text("如：全市工作会议讲话"),
    )
    .labelled_by(l.id);
    let speech = app.speech();
    if !speech.speaker.trim().is_empty() {
        ui.checkbox(
            &mut m.blank_speaker,
            format!("讲话人“{}”换成 *", speech.speaker.trim()),
        );
    }
    let replaced = m.keep.iter().filter(|k| !**k).count();
    ui.label(format!("将替换 {replaced} 处，共找到 {} 处", m.found.len()));
    if m.found.is_empty() {
        ui.label(RichText::new("没有找到日期、数字、百分比或人名。").weak());
    }
    // One line per kind and per find, drawn only where the list is scrolled to: a long speech
    // has thousands of figures.
    let mut lines: Vec<Option<usize>> = Vec::new();
    let mut of_kind: Vec<Vec<usize>> = Vec::new();
    for kind in Kind::ALL {
        let rows: Vec<usize> = (0..m.found.len())
            .filter(|&i| m.found[i].kind == kind)
            .collect();
        if !rows.is_empty() {
            lines.push(None);
            lines.extend(rows.iter().map(|&i| Some(i)));
            of_kind.push(rows);
        }
    }
    let height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("maker-list")
        .max_height(340.0)
        .show_rows(ui, height, lines.len(), |ui, range| {
            for line in range {
                match lines[line] {
                    None => {
                        let group = lines[..=line].iter().filter(|l| l.is_none()).count() - 1;
                        let rows = &of_kind[group];
                        let kind = m.found[rows[0]].kind;
                        let mut all = rows.iter().all(|&i| !m.keep[i]);
                        let header = format!("{}（{} 处）全部替换", kind.label(), rows.len());
                        if ui
                            .checkbox(&mut all, RichText::new(header).strong())
                            .changed()
                        {
                            for &i in rows {
                                m.keep[i] = !all;
                            }
                        }
                    }
                    Some(i) => {
                        let mut replace = !m.keep[i];
                        let (label, place) = &m.rows[i];
                        ui.horizontal(|ui| {
                            ui.add_space(16.0);
                            if ui.checkbox(&mut replace, label).changed() {
                                m.keep[i] = !replace;
                            }
                            ui.label(RichText::new(place).small().weak());
                        });
                    }
                }
            }
        });
    let choice = buttons(ui, &["保存为模板", "取消"]);
    if choice == Some(0) {
        let template = templatize::apply(speech, &m.found, &m.keep, m.blank_speaker);
        return Choice::run(Cmd::SaveTemplate(Box::new(template), m.name.clone()));
    }
    if choice == Some(1) {
        return Choice::Close;
    }
    if (m.keep.clone(), m.name.clone(), m.blank_speaker) == before {
        Choice::None
    } else {
        Choice::Update(Modal::MakeTemplate(Box::new(m)))
    }
}

/// `…完成投资【3.5】亿元 → *`: the value with a few characters either side.
fn row_label(text: &str, r: &Replacement) -> String {
    let chars: Vec<char> = text.chars().collect();
    let from = r.chars.start.saturating_sub(8);
    let to = (r.chars.end + 8).min(chars.len());
    let before: String = chars[from..r.chars.start].iter().collect();
    let after: String = chars[r.chars.end..to].iter().collect();
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < chars.len() { "…" } else { "" };
    format!("{lead}{before}【{}】{after}{tail}", r.original)
}
