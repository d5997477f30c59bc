//! The words of the three letters: the notice that sends a unit its template (通知), the
//! reminder to a unit that has not reported (催报), and the receipt for a return (回执).
//! Only text: the template bytes, the dates and the addresses are given.

use super::compose::{Letter, chinese_date};

/// What every letter of one mailing shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailing {
    /// `From`, an address or `名称 <address>`.
    pub from: String,
    /// 报告年度.
    pub year: u16,
    /// 报送截止日期, seconds since 1970 (China midnight).
    pub deadline: i64,
    /// 联系人和电话 as the coordinator writes them; may be empty.
    pub contact: String,
    /// The letter's `Date`, seconds since 1970.
    pub date: i64,
}

/// The notice to one unit with its template attached.
///
/// ```
/// use xxgk::mail::letters::{Mailing, notice};
/// let m = Mailing { from: "gk@example.gov.cn".into(), year: 2025,
///     deadline: xxgk::mail::compose::parse_date("2026-01-15").unwrap(),
///     contact: "张三 024-12345678".into(), date: 0 };
/// let l = notice(&m, "前进街道", "qj@example.gov.cn", ("前进街道_2025.xlsx".into(), vec![]));
/// assert_eq!(l.subject, "关于报送2025年度政府信息公开工作年度报告统计表的通知（前进街道）");
/// assert!(l.body.contains("2026年1月15日"));
/// ```
pub fn notice(m: &Mailing, unit: &str, to: &str, template: (String, Vec<u8>)) -> Letter {
    let body = format!(
        "{unit}：\n\n\
         现将《{year}年度政府信息公开工作年度报告》统计表模板（附件“{file}”）发给你单位，请于{deadline}前填好并报送。\n\n\
         填写和报送：\n\
         1. 用 Excel 或 WPS 打开附件，在白色的格子中填写数字；没有发生的事项填 0，不要留空，不要改动表格的结构、表头和工作表名称。\n\
         2. 封面上的单位名称、报告年度已经填好，请核对；填写人、联系电话、填报日期请补齐。\n\
         3. 各表下方的“自动校验”区会提示合计是否正确；全部显示“✓”后再报送。也可以用 xxgk 自行审核：xxgk check {file}\n\
         4. 保存为 .xlsx 文件，直接回复本邮件，以附件发回；文件名不必修改。\n\n\
         {contact}",
        year = m.year,
        file = template.0,
        deadline = chinese_date(m.deadline),
        contact = contact_line(m),
    );
    Letter {
        from: m.from.clone(),
        to: to.to_string(),
        subject: format!(
            "关于报送{}年度政府信息公开工作年度报告统计表的通知（{unit}）",
            m.year
        ),
        date: m.date,
        body,
        attachments: vec![template],
        reply_to: None,
    }
}

/// The reminder (催报) to a unit whose return has not arrived, with its template again.
///
/// ```
/// use xxgk::mail::letters::{Mailing, reminder};
/// let m = Mailing { from: "gk@example.gov.cn".into(), year: 2025, deadline: 0,
///     contact: String::new(), date: 0 };
/// let l = reminder(&m, "前进街道", "qj@example.gov.cn", ("前进街道_2025.xlsx".into(), vec![]));
/// assert!(l.subject.starts_with("催报："));
/// ```
pub fn reminder(m: &Mailing, unit: &str, to: &str, template: (String, Vec<u8>)) -> Letter {
    let body = format!(
        "{unit}：\n\n\
         截至{today}，尚未收到你单位报送的《{year}年度政府信息公开工作年度报告》统计表。报送截止日期是{deadline}，请抓紧填写并报送。\n\n\
         为方便填写，再次附上你单位的模板（附件“{file}”）。填好后直接回复本邮件，以附件发回。如已报送，请忽略本邮件，并告知我们发送的时间，以便查找。\n\n\
         {contact}",
        today = chinese_date(m.date),
        year = m.year,
        deadline = chinese_date(m.deadline),
        file = template.0,
        contact = contact_line(m),
    );
    Letter {
        from: m.from.clone(),
        to: to.to_string(),
        subject: format!(
            "催报：{}年度政府信息公开工作年度报告统计表（{unit}）",
            m.year
        ),
        date: m.date,
        body,
        attachments: vec![template],
        reply_to: None,
    }
}

/// The receipt (已收到) for one returned message: what was saved, and what the check found.
/// `files` are (original name, saved name, check result in words).
///
/// ```
/// use xxgk::mail::letters::receipt;
/// let l = receipt("gk@example.gov.cn", "qj@example.gov.cn", "Re: 通知", Some("<a@b>"), 0,
///     &[("表.xlsx".into(), "前进街道_20260110-0930_表.xlsx".into(), "审核通过".into())]);
/// assert!(l.subject.starts_with("已收到："));
/// assert!(l.body.contains("审核通过"));
/// assert_eq!(l.reply_to.as_deref(), Some("<a@b>"));
/// ```
pub fn receipt(
    from: &str,
    to: &str,
    subject: &str,
    parent: Option<&str>,
    date: i64,
    files: &[(String, String, String)],
) -> Letter {
    let mut body = format!("已收到您{}发来的邮件。", chinese_date(date));
    body.push_str(&format!("其中的 {} 个表格文件已保存：\n\n", files.len()));
    for (original, saved, result) in files {
        body.push_str(&format!("◆ {original}（保存为 {saved}）\n{result}\n\n"));
    }
    body.push_str("审核有错误的，请改正后重新发送整份表格；只有警告的，请核实数字无误即可。\n");
    Letter {
        from: from.to_string(),
        to: to.to_string(),
        subject: format!("已收到：{}", subject.trim()),
        date,
        body,
        attachments: Vec::new(),
        reply_to: parent.map(str::to_string),
    }
}

fn contact_line(m: &Mailing) -> String {
    if m.contact.trim().is_empty() {
        format!(
            "如有疑问，请回复本邮件（{}）。",
            super::compose::address_of(&m.from)
        )
    } else {
        format!("如有疑问，请联系：{}。", m.contact.trim())
    }
}
