//! One request to a team hub: JSON over HTTPS (HTTP/1.1, one connection a request).
//!
//! The hub is trusted one of two ways. An invitation code from a hub with its own self-signed
//! certificate carries the certificate's SHA-256 fingerprint: the device accepts exactly that
//! certificate (its signature over the handshake checked as usual) and no other, with no CA
//! involved. A code with no fingerprint (a hub behind the organisation's reverse proxy) is
//! checked against the system's certificate authorities and the hub's name, as a browser would.
//! Plain HTTP is spoken to this machine's own loopback address only.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const IO_TIMEOUT: Duration = Duration::from_secs(120);
/// The largest answer taken (a pull of the largest batch of the largest ops).
const MAX_ANSWER: usize = 256 * 1024 * 1024;

/// Where a hub is and how it is trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    tls: bool,
    host: String,
    port: u16,
    pin: Option<String>,
}

/// A refusal the hub answered: its kind (`ErrorAnswer::kind`) and sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// `unauthorised`, `revoked`, `refused`, `invalid`, `clash`, `gap`, `unavailable`.
    pub kind: String,
    /// The hub's sentence.
    pub message: String,
}

impl Endpoint {
    /// Reads `https://host[:port]` (or `http://` to this machine), pinned to `pin` (a SHA-256
    /// fingerprint in hex) when given.
    pub fn parse(url: &str, pin: Option<&str>) -> Result<Endpoint> {
        let bad = || Error::invalid("hub", "should look like https://HOST:PORT");
        let url = url.trim().trim_end_matches('/');
        let (tls, rest) = if let Some(r) = url.strip_prefix("https://") {
            (true, r)
        } else if let Some(r) = url.strip_prefix("http://") {
            (false, r)
        } else {
            return Err(bad());
        };
        if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ']) {
            return Err(bad());
        }
        let (host, port) = match rest.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => match p.parse::<u16>() {
                Ok(p) if !h.is_empty() => (h.to_string(), p),
                _ if h.starts_with('[') && !h.ends_with(']') => (rest.to_string(), 443),
                _ => return Err(bad()),
            },
            _ => (rest.to_string(), if tls { 443 } else { 80 }),
        };
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        if !tls && !is_loopback(&host) {
            return Err(Error::invalid(
                "hub",
                "must start with https:// for a hub on another machine",
            ));
        }
        let pin = match pin {
            Some(p) => {
                let p = p.trim().to_ascii_lowercase();
                if p.len() != 64 || !p.chars().all(|c| c.is_ascii_hexdigit()) {
                    return Err(Error::invalid("code", "is damaged: copy it again"));
                }
                Some(p)
            }
            None => None,
        };
        Ok(Endpoint {
            tls,
            host,
            port,
            pin,
        })
    }

    /// The address as given back to a person.
    pub fn url(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!(
            "{}://{host}:{}",
            if self.tls { "https" } else { "http" },
            self.port
        )
    }

    /// The pinned fingerprint, if any.
    pub fn pin(&self) -> Option<&str> {
        self.pin.as_deref()
    }

    /// POSTs `body` as JSON to `path`; answers the hub's JSON, or its refusal.
    pub fn post<Q: Serialize, A: DeserializeOwned>(
        &self,
        path: &str,
        credential: Option<&str>,
        body: &Q,
    ) -> Result<std::result::Result<A, Refused>> {
        let body = serde_json::to_vec(body)?;
        let mut head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\nConnection: close\r\nUser-Agent: casecraft/{}\r\n",
            self.host,
            body.len(),
            env!("CARGO_PKG_VERSION")
        );
        if let Some(c) = credential {
            head.push_str(&format!("Authorization: Bearer {c}\r\n"));
        }
        head.push_str("\r\n");
        let mut request = head.into_bytes();
        request.extend_from_slice(&body);
        let raw = self.exchange(&request)?;
        let (status, body) = parse_response(&raw)?;
        if (200..300).contains(&status) {
            let answer = serde_json::from_slice(body).map_err(|_| {
                Error::Unreachable("the hub's answer could not be read; is this a team hub?".into())
            })?;
            return Ok(Ok(answer));
        }
        #[derive(serde::Deserialize)]
        struct ErrorAnswer {
            kind: String,
            message: String,
        }
        match serde_json::from_slice::<ErrorAnswer>(body) {
            Ok(e) if e.kind == "unavailable" => Err(Error::Unreachable(e.message)),
            Ok(e) => Ok(Err(Refused {
                kind: e.kind,
                message: e.message,
            })),
            Err(_) => Err(Error::Unreachable(format!(
                "the hub answered {status} without saying why; is this a team hub?"
            ))),
        }
    }

    fn exchange(&self, request: &[u8]) -> Result<Vec<u8>> {
        let unreachable = |what: &str| Error::Unreachable(format!("{what} {}", self.url()));
        let address = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|_| unreachable("no address for"))?
            .next()
            .ok_or_else(|| unreachable("no address for"))?;
        let tcp = TcpStream::connect_timeout(&address, CONNECT_TIMEOUT)
            .map_err(|_| unreachable("no answer from"))?;
        tcp.set_read_timeout(Some(IO_TIMEOUT))
            .and_then(|_| tcp.set_write_timeout(Some(IO_TIMEOUT)))
            .map_err(|_| unreachable("no answer from"))?;
        let mut raw = Vec::new();
        if self.tls {
            let config = self.tls_config()?;
            let name = ServerName::try_from(self.host.clone())
                .map_err(|_| Error::invalid("hub", "does not name a host"))?;
            let connection = rustls::ClientConnection::new(Arc::new(config), name)
                .map_err(|_| unreachable("could not speak TLS with"))?;
            let mut stream = rustls::StreamOwned::new(connection, tcp);
            stream
                .write_all(request)
                .map_err(|e| self.tls_failure(&e))?;
            read_capped(&mut stream, &mut raw).map_err(|e| self.tls_failure(&e))?;
        } else {
            let mut tcp = tcp;
            tcp.write_all(request)
                .map_err(|_| unreachable("the connection broke with"))?;
            read_capped(&mut tcp, &mut raw)
                .map_err(|_| unreachable("the connection broke with"))?;
        }
        Ok(raw)
    }

    fn tls_failure(&self, e: &std::io::Error) -> Error {
        let certificate = e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            .is_some_and(|r| matches!(r, rustls::Error::InvalidCertificate(_)));
        if certificate {
            Error::Refused(format!(
                "the hub at {} presented a certificate this device does not trust (not the one its invitation code named); nothing was sent. Ask your administrator whether the hub's certificate changed",
                self.url()
            ))
        } else {
            Error::Unreachable(format!("the connection broke with {}", self.url()))
        }
    }

    fn tls_config(&self) -> Result<ClientConfig> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|_| Error::Unreachable("TLS could not be set up".into()))?;
        Ok(match &self.pin {
            Some(pin) => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(Pinned {
                    fingerprint: pin.clone(),
                    provider,
                }))
                .with_no_client_auth(),
            None => {
                let mut roots = rustls::RootCertStore::empty();
                let found = rustls_native_certs::load_native_certs();
                for cert in found.certs {
                    let _ = roots.add(cert);
                }
                if roots.is_empty() {
                    return Err(Error::Unreachable(
                        "this machine has no certificate authorities to check the hub with".into(),
                    ));
                }
                builder.with_root_certificates(roots).with_no_client_auth()
            }
        })
    }
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn read_capped(r: &mut impl Read, out: &mut Vec<u8>) -> std::io::Result<()> {
    let mut buf = [0u8; 64 * 1024];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => {
                out.extend_from_slice(&buf[..n]);
                if out.len() > MAX_ANSWER {
                    return Err(std::io::Error::other("answer too large"));
                }
            }
            // A peer that closes without TLS's close_notify has still sent everything it framed.
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && !out.is_empty() => {
                return Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The status and body of an HTTP/1.1 response (length-delimited, chunked, or to the end).
fn parse_response(raw: &[u8]) -> Result<(u16, &[u8])> {
    let unreadable = || Error::Unreachable("the hub's answer could not be read".into());
    let mut headers = [httparse::EMPTY_HEADER; 32];
    let mut response = httparse::Response::new(&mut headers);
    let httparse::Status::Complete(at) = response.parse(raw).map_err(|_| unreadable())? else {
        return Err(unreadable());
    };
    let status = response.code.ok_or_else(unreadable)?;
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .and_then(|h| std::str::from_utf8(h.value).ok())
    };
    let rest = &raw[at..];
    if let Some(length) = header("content-length") {
        let length: usize = length.trim().parse().map_err(|_| unreadable())?;
        return rest
            .get(..length)
            .map(|b| (status, b))
            .ok_or_else(unreadable);
    }
    if header("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        // Answers are framed by length; a chunked one is not taken rather than half-read.
        return Err(unreadable());
    }
    Ok((status, rest))
}

/// Accepts the one certificate whose SHA-256 is the pinned fingerprint, and checks the
/// handshake's signatures with its key as usual.
#[derive(Debug)]
struct Pinned {
    fingerprint: String,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        if casecraft_ops::hub::fingerprint(end_entity) == self.fingerprint {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_read_with_and_without_ports_and_plain_http_only_to_this_machine() {
        for (url, host, port) in [
            ("https://hub.example.org", "hub.example.org", 443),
            ("https://hub.example.org:7443/", "hub.example.org", 7443),
            (" https://10.0.0.5:7443 ", "10.0.0.5", 7443),
            ("https://[::1]:7443", "::1", 7443),
            ("http://127.0.0.1:8080", "127.0.0.1", 8080),
            ("http://localhost:8080", "localhost", 8080),
        ] {
            let e = Endpoint::parse(url, None).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!((e.host.as_str(), e.port), (host, port), "{url}");
        }
        for url in [
            "hub.example.org",
            "ftp://hub",
            "https://",
            "https://hub/path",
            "https://user@hub",
            "https://hub:port",
            "http://hub.example.org:80",
            "http://10.0.0.5:80",
        ] {
            assert!(Endpoint::parse(url, None).is_err(), "{url}");
        }
    }

    #[test]
    fn a_pin_is_sixty_four_hex_digits_in_any_case() {
        let pin = "AB".repeat(32);
        assert_eq!(
            Endpoint::parse("https://h:1", Some(&pin)).unwrap().pin(),
            Some("ab".repeat(32).as_str())
        );
        for bad in ["", "ab", &"zz".repeat(32), &"ab".repeat(33)] {
            assert!(Endpoint::parse("https://h:1", Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn answers_are_read_by_their_length() {
        let raw = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}extra";
        assert_eq!(parse_response(raw).unwrap(), (200, &b"{}"[..]));
        let short = b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}";
        assert!(parse_response(short).is_err());
        assert!(parse_response(b"HTTP/1.1 200").is_err());
        assert!(parse_response(b"garbage\r\n\r\n").is_err());
    }
}
