//! The table of the checker's rules: each rule's id, severity, name and description, and the
//! curated list of common errors.

use crate::check::Severity;

/// A rule: id, severity, name and what it checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub name: &'static str,
    pub description: &'static str,
}

/// Every rule, the placeholder rule first.
pub const RULES: [Rule; 22] = [
    Rule {
        id: crate::check::PLACEHOLDER,
        severity: Severity::Error,
        name: "待填项",
        description: "*、XX、某某、○○、___、【待补】、空括号、“年 月 日”等未填写的空白",
    },
    Rule {
        id: crate::check::BIDI,
        severity: Severity::Error,
        name: "隐藏的方向符号",
        description: "看不见的改变文字方向的符号，会让文字在别人的电脑上以另一种顺序显示；导出前必须删除",
    },
    Rule {
        id: "control-char",
        severity: Severity::Error,
        name: "隐藏的控制符号",
        description: "看不见的控制符号（多从网页或别的程序带来），会让别的程序读错或截断文字",
    },
    Rule {
        id: "invisible-space",
        severity: Severity::Warning,
        name: "看不见的空格",
        description: "从网页或 Word 带来的看不见的空格、不间断空格、制表符",
    },
    Rule {
        id: "lookalike",
        severity: Severity::Warning,
        name: "形近字符",
        description: "汉字数字中的字母 O、数字 0 或圆圈 ○（二OO一、一九八○年 → 二〇〇一、一九八〇年）；英文词里混进的俄文、希腊字母",
    },
    Rule {
        id: "digit-width",
        severity: Severity::Warning,
        name: "数字全半角混用",
        description: "同一个数中全角与半角数字混用",
    },
    Rule {
        id: "numbering-marker",
        severity: Severity::Warning,
        name: "序号写法",
        description: "阿拉伯数字序号用“1.”不用“1、”；“（一）”后不加顿号",
    },
    Rule {
        id: "punct-halfwidth",
        severity: Severity::Error,
        name: "半角标点",
        description: "中文前后的半角 , . ; : ! ? ( ) 应为全角",
    },
    Rule {
        id: "punct-unpaired",
        severity: Severity::Warning,
        name: "标点不成对",
        description: "“” ‘’ （） 《》 【】 在同一段内不成对",
    },
    Rule {
        id: "punct-doubled",
        severity: Severity::Error,
        name: "标点重复",
        description: "“。。”“，，”等重复的标点",
    },
    Rule {
        id: "punct-ellipsis",
        severity: Severity::Error,
        name: "省略号",
        description: "“...”“。。。”或单个“…”应为“……”",
    },
    Rule {
        id: "punct-dash",
        severity: Severity::Warning,
        name: "破折号",
        description: "单个“—”作破折号应为“——”（数字之间表示范围的除外）",
    },
    Rule {
        id: "punct-between-titles",
        // GB/T 15834-2011 allows the 顿号 here (it says it may be omitted): a style hint, not
        // an error. Edited published speeches use both.
        severity: Severity::Hint,
        name: "并列书名号、引号间的顿号",
        description: "“》、《”“”、“”之间的顿号可以省略（GB/T 15834 允许两种写法）",
    },
    Rule {
        id: "space-between-han",
        severity: Severity::Warning,
        name: "汉字间空格",
        description: "两个汉字之间多出的空格",
    },
    Rule {
        id: "salutation-colon",
        severity: Severity::Error,
        name: "称谓冒号",
        description: "称谓后应为全角冒号“：”",
    },
    Rule {
        id: "title-punct",
        severity: Severity::Warning,
        name: "标题末尾标点",
        description: "标题末尾不加标点",
    },
    Rule {
        id: "title-length",
        severity: Severity::Hint,
        name: "标题过长",
        description: "标题超过 36 个字",
    },
    Rule {
        id: "number-usage",
        severity: Severity::Error,
        name: "数字用法",
        description: "同一日期中阿拉伯数字与汉字数字混用",
    },
    Rule {
        id: "jurisdiction",
        severity: Severity::Warning,
        name: "地域层级不一致",
        description: "市级讲话中出现“全区”“厅系统”等，可能是套用其他讲话的遗留",
    },
    Rule {
        id: crate::check::proof::TYPO,
        // A model of words, not of meaning: it cannot be certain, so its findings are warnings.
        severity: Severity::Warning,
        name: "疑似错别字",
        description: "破坏常用词的字，而音同、音近或形近的字能组成常用词（乡村振性 → 乡村振兴）；或输入法误选的同音词（人民征服 → 人民政府）",
    },
    Rule {
        id: crate::check::proof::names::NAME_VARIANT,
        severity: Severity::Warning,
        name: "人名前后不一",
        description: "同一讲稿中只差一个音近或形近字的两个人名（张三同志 … 张山同志），可能是同一人写法不一",
    },
    Rule {
        id: crate::check::proof::institutions::RENAMED,
        // A speech may tell history: the old name is then right.
        severity: Severity::Hint,
        name: "机构旧名",
        description: "已更名或撤并的机构名称（国家林业局 → 国家林业和草原局，2018 年起），附更名时间与依据",
    },
];

/// The curated common errors: (wrong, right). Only entries that are wrong in any context.
pub const COMMON_ERRORS: [(&str, &str); 14] = [
    ("再接再励", "再接再厉"),
    ("迫不急待", "迫不及待"),
    ("一愁莫展", "一筹莫展"),
    ("默守成规", "墨守成规"),
    ("谈笑风声", "谈笑风生"),
    ("人才倍出", "人才辈出"),
    ("精兵减政", "精兵简政"),
    ("不径而走", "不胫而走"),
    ("必竟", "毕竟"),
    ("按步就班", "按部就班"),
    ("出奇不意", "出其不意"),
    ("金榜提名", "金榜题名"),
    ("貌合神合", "貌合神离"),
    ("直接了当", "直截了当"),
];

/// The rule id of the common-errors list (not in `RULES` because its entries carry their own
/// messages).
pub const COMMON_ERROR: &str = "common-error";

/// A rule's entry, or the common-error pseudo-rule.
pub fn rule(id: &str) -> Option<Rule> {
    RULES.iter().copied().find(|r| r.id == id).or_else(|| {
        (id == COMMON_ERROR).then_some(Rule {
            id: COMMON_ERROR,
            severity: Severity::Error,
            name: "常见错别字",
            description: "常见错别字与误用（可用用户词表扩充）",
        })
    })
}
