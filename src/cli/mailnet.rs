//! The network side of `xxgk mail` and `xxgk collect`: TLS (rustls, no OpenSSL, so the
//! Windows and musl builds need no system library), sending over SMTP, fetching over IMAP,
//! and the password, which comes from `XXGK_MAIL_PASSWORD` or a prompt and never from the
//! command line (where other users and the shell history would see it).

use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Environment variable holding the mail password.
pub const PASSWORD_VARIABLE: &str = "XXGK_MAIL_PASSWORD";

/// How long a connection may stay silent before it is given up.
const TIMEOUT: Duration = Duration::from_secs(60);

/// How the connection is encrypted.
/// How `mail` and `collect` reach a mail server that sends: `--tls` and `--ca-file`, declared
/// once for both.
#[derive(Debug, clap::Args)]
pub struct TlsArgs {
    /// 发信时的加密方式：auto（默认，按端口：465 直接加密，其余用 STARTTLS）、implicit（直接加密）、starttls
    #[arg(
        long,
        value_enum,
        default_value = "auto",
        value_name = "方式",
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub tls: TlsMode,
    /// 额外信任的证书（PEM），用于自建邮件服务器的自签名证书
    #[arg(long, value_name = "证书.pem")]
    pub ca_file: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TlsMode {
    /// 按端口：465、993 为直接加密，其余先连接再 STARTTLS
    Auto,
    /// 直接加密（SMTP 465，IMAP 993）
    Implicit,
    /// 先明文连接再 STARTTLS（SMTP 25、587）
    Starttls,
}

/// A server given as `HOST:PORT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub host: String,
    pub port: u16,
}

impl Server {
    /// Reads `smtp.example.gov.cn:465`.
    ///
    /// ```
    /// use xxgk::cli::mailnet::Server;
    /// assert_eq!(Server::parse("mail.a.cn:993").unwrap().port, 993);
    /// assert!(Server::parse("mail.a.cn").unwrap_err().contains("例如"));
    /// ```
    pub fn parse(text: &str) -> Result<Server, String> {
        let bad = || {
            format!(
                "邮件服务器“{text}”的写法不对，应写成 主机:端口，例如 smtp.example.gov.cn:465 或 imap.example.gov.cn:993。"
            )
        };
        let (host, port) = text.trim().rsplit_once(':').ok_or_else(bad)?;
        let port = port.parse::<u16>().map_err(|_| bad())?;
        if host.is_empty() || port == 0 {
            return Err(bad());
        }
        Ok(Server {
            host: host.trim_matches(['[', ']']).to_string(),
            port,
        })
    }

    fn implicit(&self, mode: TlsMode) -> bool {
        match mode {
            TlsMode::Auto => self.port == 465 || self.port == 993,
            TlsMode::Implicit => true,
            TlsMode::Starttls => false,
        }
    }
}

/// The password: `XXGK_MAIL_PASSWORD`, else asked on the terminal without echo.
pub fn password(user: &str) -> Result<String, String> {
    if let Ok(p) = std::env::var(PASSWORD_VARIABLE)
        && !p.is_empty()
    {
        return Ok(p);
    }
    rpassword::prompt_password(format!("请输入邮箱 {user} 的密码（不显示）："))
        .map_err(|_| {
            format!("无法读取密码。请在运行前设置环境变量 {PASSWORD_VARIABLE}（例如 Windows：set {PASSWORD_VARIABLE}=密码；Linux：export {PASSWORD_VARIABLE}=密码），密码不能写在命令行上。")
        })
}

/// The PEM certificate(s) of `--ca-file`, read once.
pub fn read_ca(path: Option<&Path>) -> Result<Option<Vec<u8>>, String> {
    let Some(path) = path else { return Ok(None) };
    let bytes = std::fs::read(path).map_err(|e| {
        format!(
            "无法读取证书文件 {}：{}",
            path.display(),
            crate::cli::output::io_message(&e)
        )
    })?;
    if !bytes
        .windows(27)
        .any(|w| w == b"-----BEGIN CERTIFICATE-----")
    {
        return Err(format!(
            "证书文件 {} 不是 PEM 格式的证书（应以 -----BEGIN CERTIFICATE----- 开头）。",
            path.display()
        ));
    }
    Ok(Some(bytes))
}

/// Options shared by every connection.
#[derive(Debug, Clone)]
pub struct Connect {
    pub server: Server,
    pub user: Option<String>,
    pub password: Option<String>,
    pub tls: TlsMode,
    /// Extra trusted certificates (PEM), besides the public roots.
    pub ca: Option<Vec<u8>>,
}

/// A connected SMTP sender.
pub struct Smtp(lettre::SmtpTransport);

impl Smtp {
    /// Connects (and authenticates, with a user) and says whether the server answers.
    pub fn connect(c: &Connect) -> Result<Smtp, String> {
        use lettre::transport::smtp::authentication::Credentials;
        use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
        let mut params = TlsParameters::builder(c.server.host.clone());
        if let Some(pem) = &c.ca {
            let cert = Certificate::from_pem(pem)
                .map_err(|_| "--ca-file 中的证书无法读取，请确认是 PEM 格式。".to_string())?;
            params = params.add_root_certificate(cert);
        }
        let params = params
            .build_rustls()
            .map_err(|e| format!("无法建立加密连接的设置：{e}"))?;
        let tls = if c.server.implicit(c.tls) {
            Tls::Wrapper(params)
        } else {
            Tls::Required(params)
        };
        let mut builder = lettre::SmtpTransport::builder_dangerous(c.server.host.clone())
            .port(c.server.port)
            .tls(tls)
            .timeout(Some(TIMEOUT));
        if let (Some(user), Some(password)) = (&c.user, &c.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        let transport = builder.build();
        match transport.test_connection() {
            Ok(true) => Ok(Smtp(transport)),
            Ok(false) => Err(smtp_refused(&c.server, "服务器没有应答")),
            Err(e) => Err(smtp_error(&c.server, &e)),
        }
    }

    /// Sends one message's bytes from `from` to `to`.
    pub fn send(&self, from: &str, to: &str, bytes: &[u8]) -> Result<(), String> {
        use lettre::Transport;
        let parse = |a: &str| {
            a.parse::<lettre::Address>()
                .map_err(|_| format!("邮箱地址“{a}”的写法不对"))
        };
        let envelope = lettre::address::Envelope::new(Some(parse(from)?), vec![parse(to)?])
            .map_err(|e| format!("收件人有误：{e}"))?;
        self.0
            .send_raw(&envelope, bytes)
            .map(|_| ())
            .map_err(|e| smtp_error_text(&e))
    }
}

fn smtp_refused(server: &Server, why: &str) -> String {
    format!(
        "无法连接发信服务器 {}:{}（{why}）。请核对 --smtp 的主机和端口（常见：465 直接加密，587 STARTTLS）。",
        server.host, server.port
    )
}

fn smtp_error(server: &Server, e: &lettre::transport::smtp::Error) -> String {
    smtp_refused(server, &smtp_error_text(e))
}

/// lettre's error in words; it never contains the password.
fn smtp_error_text(e: &lettre::transport::smtp::Error) -> String {
    let detail = std::error::Error::source(e)
        .map(|s| s.to_string())
        .unwrap_or_default();
    let kind = if e.is_permanent() {
        "服务器拒绝"
    } else if e.is_transient() {
        "服务器暂时不能接收，稍后重试"
    } else if e.is_timeout() {
        "连接超时"
    } else if e.is_tls() {
        "加密连接失败（证书不受信任或主机名不符；测试用的自签名证书可用 --ca-file 指定）"
    } else {
        "通信失败"
    };
    let text = format!("{kind}：{e} {detail}");
    if text.contains("535") || text.to_lowercase().contains("auth") {
        format!(
            "{text}。用户名或密码不对，或邮箱未开启 SMTP 服务（有的邮箱要用“客户端授权码”代替登录密码）"
        )
    } else {
        text
    }
}

/// The rustls client configuration: the public roots, plus `--ca-file`.
fn tls_config(ca: Option<&[u8]>) -> Result<Arc<rustls::ClientConfig>, String> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(pem) = ca {
        for cert in rustls_pemfile::certs(&mut std::io::Cursor::new(pem)) {
            let cert = cert.map_err(|_| "--ca-file 中的证书无法读取，请确认是 PEM 格式。")?;
            roots
                .add(cert)
                .map_err(|_| "--ca-file 中的证书无法使用。".to_string())?;
        }
    }
    // ring, not aws-lc-rs: it cross-builds to Windows and musl without cmake or nasm. rustls
    // marks it deprecated only because it lacks post-quantum key exchange.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("无法建立加密连接的设置：{e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

type TlsStream = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

/// A logged-in IMAP session over TLS.
pub type ImapSession = imap::Session<TlsStream>;

/// Connects to the IMAP server over TLS (always implicit: port 993) and logs in.
pub fn imap_login(c: &Connect) -> Result<ImapSession, String> {
    let refused = |why: String| {
        format!(
            "无法连接收信服务器 {}:{}（{why}）。请核对 --imap 的主机和端口（通常是 993）。",
            c.server.host, c.server.port
        )
    };
    let config = tls_config(c.ca.as_deref())?;
    let name = rustls::pki_types::ServerName::try_from(c.server.host.clone())
        .map_err(|_| refused("主机名无效".into()))?;
    let tcp = TcpStream::connect((c.server.host.as_str(), c.server.port))
        .map_err(|e| refused(crate::cli::output::io_message(&e)))?;
    let _ = tcp.set_read_timeout(Some(TIMEOUT));
    let _ = tcp.set_write_timeout(Some(TIMEOUT));
    let conn = rustls::ClientConnection::new(config, name).map_err(|e| refused(e.to_string()))?;
    let mut stream = rustls::StreamOwned::new(conn, tcp);
    // Finish the handshake here, so a certificate problem is named as one.
    while stream.conn.is_handshaking() {
        stream.conn.complete_io(&mut stream.sock).map_err(|e| {
            refused(format!(
                "加密连接失败：{e}。证书不受信任或主机名不符；测试用的自签名证书可用 --ca-file 指定"
            ))
        })?;
    }
    let mut client = imap::Client::new(stream);
    client
        .read_greeting()
        .map_err(|e| refused(format!("服务器没有正常应答：{e}")))?;
    let user = c.user.as_deref().unwrap_or_default();
    let password = c.password.as_deref().unwrap_or_default();
    client.login(user, password).map_err(|(e, _)| {
        format!(
            "登录收信服务器失败（{}）。请核对 --user 和密码；有的邮箱要开启 IMAP 服务并使用“客户端授权码”。",
            imap_error(&e)
        )
    })
}

/// A folder name as IMAP writes it (modified UTF-7, RFC 3501 §5.1.3): Chinese folder names
/// such as 报表 must be sent encoded, or the server does not find them.
///
/// ```
/// use xxgk::cli::mailnet::imap_folder;
/// assert_eq!(imap_folder("INBOX"), "INBOX");
/// assert_eq!(imap_folder("报表"), "&YqWIaA-");
/// assert_eq!(imap_folder("A&B"), "A&-B");
/// ```
pub fn imap_folder(name: &str) -> String {
    let mut out = String::new();
    let mut pending: Vec<u16> = Vec::new();
    let flush = |pending: &mut Vec<u16>, out: &mut String| {
        if pending.is_empty() {
            return;
        }
        let bytes: Vec<u8> = pending.iter().flat_map(|u| u.to_be_bytes()).collect();
        let b64 = crate::mail::compose::base64(&bytes);
        out.push('&');
        out.push_str(&b64.trim_end_matches('=').replace('/', ","));
        out.push('-');
        pending.clear();
    };
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut pending, &mut out);
            if c == '&' {
                out.push_str("&-");
            } else {
                out.push(c);
            }
        } else {
            let mut buf = [0u16; 2];
            pending.extend_from_slice(c.encode_utf16(&mut buf));
        }
    }
    flush(&mut pending, &mut out);
    out
}

/// An IMAP error in words; the password is never part of it (the LOGIN command is not echoed).
pub fn imap_error(e: &imap::Error) -> String {
    match e {
        imap::Error::No(r) => r.information.clone(),
        imap::Error::Bad(r) => r.information.clone(),
        imap::Error::Io(io) => crate::cli::output::io_message(io),
        other => other.to_string(),
    }
}
