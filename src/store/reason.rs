//! The system's reasons for failed file operations, in words a drafter knows.

/// The system's reason for a failed file operation, as a drafter reads it: the common kinds in
/// plain words (the system's own text is English, or a bare error number), others as the
/// system words them.
pub struct Reason<'a>(pub &'a std::io::Error);

impl std::fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::io::ErrorKind as K;
        if self.0.raw_os_error().is_none()
            && let Some(inner) = self.0.get_ref()
        {
            // The program's own reasons (a size limit, a file that is not a regular file) are
            // already in words.
            return write!(f, "{inner}");
        }
        let plain = match self.0.kind() {
            K::NotFound => "文件或文件夹不存在（可能已被移动、改名或删除）",
            K::PermissionDenied => "没有权限（文件可能是只读的，或这个文件夹不允许写入）",
            K::AlreadyExists => "同名文件已存在",
            K::StorageFull | K::QuotaExceeded => "磁盘已满",
            K::ReadOnlyFilesystem => "这个磁盘或 U 盘是只读的",
            K::ResourceBusy | K::ExecutableFileBusy | K::WouldBlock => "文件正被其他程序使用",
            K::IsADirectory => "这是一个文件夹，不是文件",
            K::NotADirectory => "路径中有一段不是文件夹",
            K::InvalidFilename => "文件名不能用（太长，或含有不允许的符号）",
            K::FileTooLarge => "文件太大",
            K::TimedOut
            | K::NetworkDown
            | K::NetworkUnreachable
            | K::HostUnreachable
            | K::ConnectionReset
            | K::ConnectionAborted
            | K::StaleNetworkFileHandle => "网络共享文件夹连接不上",
            K::UnexpectedEof => "文件不完整",
            K::OutOfMemory => "内存不足",
            _ => return write!(f, "系统提示：{}", self.0),
        };
        f.write_str(plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_reasons_are_said_in_plain_words() {
        use std::io::{Error, ErrorKind};
        let said = |k: ErrorKind| Reason(&Error::from(k)).to_string();
        assert!(said(ErrorKind::NotFound).starts_with("文件或文件夹不存在"));
        assert!(said(ErrorKind::PermissionDenied).starts_with("没有权限"));
        assert_eq!(said(ErrorKind::StorageFull), "磁盘已满");
        // Others as the system words them, marked as such.
        assert!(said(ErrorKind::Other).starts_with("系统提示："));
    }
}
