//! The one table of what a user can ask for: each command's Chinese label, pinyin initials
//! for the palette, shortcuts and whether it can run now. Menus, shortcut handling, tooltips and
//! the command palette (Ctrl+K) are all made from it, so they cannot drift apart.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::{Cmd, View};
use crate::doc::model::SectionId;

/// A command a user can ask for by menu, shortcut, palette or a button that does the same;
/// `dispatch` runs it directly. Data-carrying commands the widgets push (an edit, a selection,
/// a caret position, an answer to a prompt) are [`Cmd`]s, not these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UiCommand {
    New,
    NewFromTemplate,
    MakeTemplate,
    Rehearse,
    Open,
    Import,
    ImportReview,
    PasteNew,
    Save,
    SaveAs,
    SaveVersion,
    Versions,
    Export,
    Print,
    Share,
    Quit,
    Undo,
    Redo,
    Cut,
    Copy,
    Paste,
    PastePlain,
    SelectAll,
    Find,
    Replace,
    AddSibling,
    AddChild,
    MoveUp,
    MoveDown,
    Indent,
    Outdent,
    Rename,
    Delete,
    CheckSettings,
    Dictionary,
    ZoomIn,
    ZoomOut,
    LightTheme,
    DarkTheme,
    ToggleTree,
    ToggleChecker,
    ToggleReview,
    PageView,
    Palette,
    About,
}

/// Which menu a command is listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    Section,
    View,
    Help,
}

impl Menu {
    pub const ALL: [Menu; 5] = [
        Menu::File,
        Menu::Edit,
        Menu::Section,
        Menu::View,
        Menu::Help,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Menu::File => "文件",
            Menu::Edit => "编辑",
            Menu::Section => "小节",
            Menu::View => "视图",
            Menu::Help => "帮助",
        }
    }
}

const fn key(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};
const ALT: Modifiers = Modifiers::ALT;
const ALT_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::ALT
};

impl UiCommand {
    /// Every command, in menu order.
    pub const ALL: [UiCommand; 45] = [
        UiCommand::New,
        UiCommand::NewFromTemplate,
        UiCommand::Open,
        UiCommand::Import,
        UiCommand::ImportReview,
        UiCommand::PasteNew,
        UiCommand::Save,
        UiCommand::SaveAs,
        UiCommand::SaveVersion,
        UiCommand::Versions,
        UiCommand::Export,
        UiCommand::Print,
        UiCommand::Share,
        UiCommand::MakeTemplate,
        UiCommand::Quit,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::Cut,
        UiCommand::Copy,
        UiCommand::Paste,
        UiCommand::PastePlain,
        UiCommand::SelectAll,
        UiCommand::Find,
        UiCommand::Replace,
        UiCommand::CheckSettings,
        UiCommand::Dictionary,
        UiCommand::AddSibling,
        UiCommand::AddChild,
        UiCommand::MoveUp,
        UiCommand::MoveDown,
        UiCommand::Indent,
        UiCommand::Outdent,
        UiCommand::Rename,
        UiCommand::Delete,
        UiCommand::ToggleTree,
        UiCommand::ToggleChecker,
        UiCommand::ToggleReview,
        UiCommand::PageView,
        UiCommand::ZoomIn,
        UiCommand::ZoomOut,
        UiCommand::LightTheme,
        UiCommand::DarkTheme,
        UiCommand::Rehearse,
        UiCommand::Palette,
        UiCommand::About,
    ];

    /// The label in menus and the palette.
    pub fn label(self) -> &'static str {
        match self {
            UiCommand::New => "新建",
            UiCommand::NewFromTemplate => "从模板新建…",
            UiCommand::MakeTemplate => "把讲稿变成模板…",
            UiCommand::Rehearse => "念稿排练",
            UiCommand::Open => "打开…",
            UiCommand::Import => "导入文本或 Word…",
            UiCommand::ImportReview => "导入修改稿（修订和批注）…",
            UiCommand::PasteNew => "从剪贴板新建…",
            UiCommand::Save => "保存",
            UiCommand::SaveAs => "另存为…",
            UiCommand::SaveVersion => "保存版本…",
            UiCommand::Versions => "版本与对比…",
            UiCommand::Export => "导出…",
            UiCommand::Print => "打印…",
            UiCommand::Share => "共享…",
            UiCommand::Quit => "退出",
            UiCommand::Undo => "撤销",
            UiCommand::Redo => "重做",
            UiCommand::Cut => "剪切",
            UiCommand::Copy => "复制",
            UiCommand::Paste => "粘贴",
            UiCommand::PastePlain => "粘贴（去掉编号）",
            UiCommand::SelectAll => "全选",
            UiCommand::Find => "查找",
            UiCommand::Replace => "替换",
            UiCommand::CheckSettings => "检查规则…",
            UiCommand::Dictionary => "校对词典…",
            UiCommand::AddSibling => "添加同级小节",
            UiCommand::AddChild => "添加下级小节",
            UiCommand::MoveUp => "小节上移",
            UiCommand::MoveDown => "小节下移",
            UiCommand::Indent => "小节降级",
            UiCommand::Outdent => "小节升级",
            UiCommand::Rename => "重命名小节…",
            UiCommand::Delete => "删除小节…",
            UiCommand::ToggleTree => "提纲面板",
            UiCommand::ToggleChecker => "检查面板",
            UiCommand::ToggleReview => "审阅面板",
            UiCommand::PageView => "页面视图",
            UiCommand::ZoomIn => "放大字号",
            UiCommand::ZoomOut => "缩小字号",
            UiCommand::LightTheme => "浅色主题",
            UiCommand::DarkTheme => "深色主题",
            UiCommand::Palette => "查找功能…",
            UiCommand::About => "关于讲稿…",
        }
    }

    /// Pinyin initials of the label, so that the palette finds 保存版本 by `bcbb`.
    pub fn initials(self) -> &'static str {
        match self {
            UiCommand::New => "xj",
            UiCommand::NewFromTemplate => "cmbxj",
            UiCommand::MakeTemplate => "bjgbcmb",
            UiCommand::Rehearse => "ngpl",
            UiCommand::Open => "dk",
            UiCommand::Import => "drwbhword",
            UiCommand::ImportReview => "drxggxdhpzword",
            UiCommand::PasteNew => "cjtbxj",
            UiCommand::Save => "bc",
            UiCommand::SaveAs => "lcw",
            UiCommand::SaveVersion => "bcbb",
            UiCommand::Versions => "bbydb",
            UiCommand::Export => "dc",
            UiCommand::Print => "dy",
            UiCommand::Share => "gx",
            UiCommand::Quit => "tc",
            UiCommand::Undo => "cx",
            UiCommand::Redo => "cz",
            UiCommand::Cut => "jq",
            UiCommand::Copy => "fz",
            UiCommand::Paste => "zt",
            UiCommand::PastePlain => "ztqdbh",
            UiCommand::SelectAll => "qx",
            UiCommand::Find => "cz",
            UiCommand::Replace => "th",
            UiCommand::CheckSettings => "jcgz",
            UiCommand::Dictionary => "jdcd",
            UiCommand::AddSibling => "tjtjxj",
            UiCommand::AddChild => "tjxjxj",
            UiCommand::MoveUp => "xjsy",
            UiCommand::MoveDown => "xjxy",
            UiCommand::Indent => "xjjj",
            UiCommand::Outdent => "xjsj",
            UiCommand::Rename => "cmmxj",
            UiCommand::Delete => "scxj",
            UiCommand::ToggleTree => "tgmb",
            UiCommand::ToggleChecker => "jcmb",
            UiCommand::ToggleReview => "symb",
            UiCommand::PageView => "ymst",
            UiCommand::ZoomIn => "fdzh",
            UiCommand::ZoomOut => "sxzh",
            UiCommand::LightTheme => "qszt",
            UiCommand::DarkTheme => "sszt",
            UiCommand::Palette => "mlmb",
            UiCommand::About => "gyjg",
        }
    }

    /// The keyboard shortcuts, the first shown in menus.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        const fn one(s: KeyboardShortcut) -> [KeyboardShortcut; 1] {
            [s]
        }
        match self {
            UiCommand::New => &const { one(key(CTRL, Key::N)) },
            UiCommand::NewFromTemplate => &const { one(key(CTRL_SHIFT, Key::N)) },
            UiCommand::Rehearse => &const { one(key(Modifiers::NONE, Key::F5)) },
            UiCommand::Open => &const { one(key(CTRL, Key::O)) },
            UiCommand::Save => &const { one(key(CTRL, Key::S)) },
            UiCommand::SaveAs => &const { one(key(CTRL_SHIFT, Key::S)) },
            UiCommand::Export => &const { one(key(CTRL, Key::E)) },
            UiCommand::Print => &const { one(key(CTRL, Key::P)) },
            UiCommand::Undo => &const { one(key(CTRL, Key::Z)) },
            UiCommand::Redo => &const { [key(CTRL_SHIFT, Key::Z), key(CTRL, Key::Y)] },
            UiCommand::Find => &const { one(key(CTRL, Key::F)) },
            UiCommand::Replace => &const { one(key(CTRL, Key::H)) },
            UiCommand::AddSibling => &const { one(key(ALT, Key::N)) },
            UiCommand::AddChild => &const { one(key(ALT_SHIFT, Key::N)) },
            UiCommand::MoveUp => &const { one(key(ALT, Key::ArrowUp)) },
            UiCommand::MoveDown => &const { one(key(ALT, Key::ArrowDown)) },
            UiCommand::Indent => &const { one(key(ALT, Key::ArrowRight)) },
            UiCommand::Outdent => &const { one(key(ALT, Key::ArrowLeft)) },
            UiCommand::Rename => &const { one(key(Modifiers::NONE, Key::F2)) },
            UiCommand::Delete => &const { one(key(ALT, Key::Delete)) },
            UiCommand::ToggleTree => &const { one(key(ALT, Key::Num1)) },
            UiCommand::ToggleChecker => &const { one(key(ALT, Key::Num2)) },
            UiCommand::ToggleReview => &const { one(key(ALT, Key::Num4)) },
            UiCommand::PageView => &const { one(key(ALT, Key::Num3)) },
            UiCommand::ZoomIn => &const { [key(CTRL, Key::Equals), key(CTRL, Key::Plus)] },
            UiCommand::ZoomOut => &const { one(key(CTRL, Key::Minus)) },
            UiCommand::Palette => &const { [key(CTRL, Key::K), key(CTRL_SHIFT, Key::P)] },
            _ => &[],
        }
    }

    /// The first shortcut as the menus show it (`Ctrl+Shift+S`, `Ctrl+=`, `Alt+↑`), as Windows
    /// and WPS write them; macOS's own symbols there.
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        // The clipboard's keys come from the platform (as copy, cut and paste events) and the
        // text handles Ctrl+A itself: shown, not consumed by the table.
        let platform = match self {
            UiCommand::Cut => Some(key(CTRL, Key::X)),
            UiCommand::Copy => Some(key(CTRL, Key::C)),
            UiCommand::Paste => Some(key(CTRL, Key::V)),
            UiCommand::SelectAll => Some(key(CTRL, Key::A)),
            _ => None,
        };
        let Some(s) = self.shortcuts().first().or(platform.as_ref()) else {
            return String::new();
        };
        if cfg!(target_os = "macos") {
            return ctx.format_shortcut(s);
        }
        let m = s.modifiers;
        let mut out = String::new();
        for (on, name) in [
            (m.command || m.ctrl, "Ctrl+"),
            (m.alt, "Alt+"),
            (m.shift, "Shift+"),
        ] {
            if on {
                out.push_str(name);
            }
        }
        out.push_str(match s.logical_key {
            Key::ArrowUp => "↑",
            Key::ArrowDown => "↓",
            Key::ArrowLeft => "←",
            Key::ArrowRight => "→",
            Key::Equals => "=",
            Key::Minus => "-",
            Key::Plus => "+",
            key => key.name(),
        });
        out
    }

    pub fn menu(self) -> Menu {
        use UiCommand::*;
        match self {
            New | NewFromTemplate | Open | Import | ImportReview | PasteNew | Save | SaveAs
            | SaveVersion | Versions | Export | Print | Share | MakeTemplate | Quit => Menu::File,
            Undo | Redo | Cut | Copy | Paste | PastePlain | SelectAll | Find | Replace
            | CheckSettings | Dictionary | Palette => Menu::Edit,
            AddSibling | AddChild | MoveUp | MoveDown | Indent | Outdent | Rename | Delete => {
                Menu::Section
            }
            ToggleTree | ToggleChecker | ToggleReview | PageView | ZoomIn | ZoomOut
            | LightTheme | DarkTheme | Rehearse => Menu::View,
            About => Menu::Help,
        }
    }

    /// Whether the command can run now (disabled commands are greyed out in menus and the
    /// palette, and their shortcuts do nothing).
    pub fn enabled(self, session: &crate::session::Session, selected: Option<SectionId>) -> bool {
        use UiCommand::*;
        match self {
            Undo => session.can_undo(),
            Redo => session.can_redo(),
            MoveUp | MoveDown | Indent | Outdent | Rename | Delete => selected.is_some(),
            // Only while a returned file is being reviewed.
            ToggleReview => !session.speech().review.is_empty(),
            _ => true,
        }
    }

    /// Whether a menu shows the command as switched on.
    pub fn checked(self, app: &View, ctx: &egui::Context) -> Option<bool> {
        match self {
            UiCommand::ToggleTree => Some(app.show_tree),
            UiCommand::ToggleChecker => Some(app.show_checker),
            UiCommand::ToggleReview => Some(app.show_review),
            UiCommand::PageView => Some(app.show_pages),
            UiCommand::LightTheme => Some(ctx.theme() == egui::Theme::Light),
            UiCommand::DarkTheme => Some(ctx.theme() == egui::Theme::Dark),
            _ => None,
        }
    }

    /// Whether the palette's query finds the command: in its label, or in its pinyin initials.
    pub fn matches(self, query: &str) -> bool {
        let q = query.trim().to_lowercase();
        q.is_empty() || self.label().contains(&q) || self.initials().contains(&q)
    }
}

/// Runs a command if it can run now.
pub fn run(app: &mut View, command: UiCommand) {
    if command.enabled(app.session, app.selected) {
        app.push(Cmd::Run(command));
    }
}

/// Consumes the shortcuts of the table before any widget sees them (a focused text box would
/// otherwise run its own Ctrl+Z). Longer combinations go first: consuming Ctrl+Z would also
/// take Ctrl+Shift+Z.
pub fn consume_shortcuts(app: &mut View, ctx: &egui::Context) {
    let mut table: Vec<(KeyboardShortcut, UiCommand)> = UiCommand::ALL
        .iter()
        .flat_map(|c| c.shortcuts().iter().map(move |s| (*s, *c)))
        .collect();
    let weight = |m: Modifiers| {
        [m.shift, m.alt, m.ctrl || m.command || m.mac_cmd]
            .iter()
            .filter(|x| **x)
            .count()
    };
    table.sort_by_key(|(s, _)| std::cmp::Reverse(weight(s.modifiers)));
    let fired: Vec<UiCommand> = ctx.input_mut(|i| {
        let fired: Vec<(KeyboardShortcut, UiCommand)> = table
            .iter()
            .filter(|(s, _)| i.consume_shortcut(s))
            .copied()
            .collect();
        // The window also sends the character of an Alt combination as text (Alt+3 is "3"):
        // the shortcut has it, the page must not.
        for (s, _) in fired.iter().filter(|(s, _)| s.modifiers.alt) {
            let name = s.logical_key.symbol_or_name();
            i.events
                .retain(|e| !matches!(e, egui::Event::Text(t) if t.eq_ignore_ascii_case(name)));
        }
        fired.into_iter().map(|(_, c)| c).collect()
    });
    for c in fired {
        run(app, c);
    }
}

/// A menu made from the table.
pub fn menu_items(app: &mut View, ui: &mut egui::Ui, menu: Menu) {
    let ctx = ui.ctx().clone();
    for c in UiCommand::ALL.iter().filter(|c| c.menu() == menu) {
        if *c == UiCommand::Quit {
            recent_menu(app, ui);
            ui.separator();
        }
        let mut button = match c.checked(app, &ctx) {
            Some(on) => egui::Button::selectable(on, c.label()),
            None => egui::Button::new(c.label()),
        };
        let shortcut = c.shortcut_text(&ctx);
        if !shortcut.is_empty() {
            button = button.shortcut_text(shortcut);
        }
        if ui
            .add_enabled(c.enabled(app.session, app.selected), button)
            .clicked()
        {
            run(app, *c);
            ui.close();
        }
    }
}

fn recent_menu(app: &mut View, ui: &mut egui::Ui) {
    ui.menu_button("最近打开", |ui| {
        let recent = app.session.recent();
        if recent.is_empty() {
            ui.weak("（无）");
        }
        let mut chosen = None;
        // The name first, as Word and WPS list them; the folder after it, weak.
        for (k, p) in recent.iter().enumerate() {
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let folder = p
                .parent()
                .map(|d| d.display().to_string())
                .unwrap_or_default();
            let item = egui::Button::new(format!("{}  {name}", k + 1))
                .right_text(egui::RichText::new(folder).weak());
            if ui
                .add(item)
                .on_hover_text(p.display().to_string())
                .clicked()
            {
                chosen = Some(p.clone());
                ui.close();
            }
        }
        if let Some(p) = chosen {
            app.push(Cmd::OpenPath(p));
        }
    });
}
